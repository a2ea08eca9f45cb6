// Loaded with `node --import` into a CLI run: at exit, writes the process's peak resident set
// size (KB) to the file named by ASK_VAULT_RSS_OUT, so a test can bound the memory of a run.
import { writeFileSync } from 'node:fs';

const out = process.env.ASK_VAULT_RSS_OUT;
if (out) process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS)));
