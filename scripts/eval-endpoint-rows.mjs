// Eval rows for an embedding endpoint and a reranker the user runs, named by the environment:
//   ASK_VAULT_EVAL_EMBEDDING_PROVIDER=ollama|openai  ASK_VAULT_EVAL_EMBEDDING_ENDPOINT=URL
//   ASK_VAULT_EVAL_EMBEDDING_MODEL=NAME  [ASK_VAULT_EVAL_EMBEDDING_KEY_ENV=VAR]
//   ASK_VAULT_EVAL_RERANK_ENDPOINT=URL  ASK_VAULT_EVAL_RERANK_MODEL=NAME
// Nothing is claimed for a model that was not run: without these, no row is added.

export function endpointEvalRows(evaluate, env = process.env) {
  const rows = [];
  const provider = env.ASK_VAULT_EVAL_EMBEDDING_PROVIDER;
  const endpoint = env.ASK_VAULT_EVAL_EMBEDDING_ENDPOINT;
  const model = env.ASK_VAULT_EVAL_EMBEDDING_MODEL;
  const embedding = provider && endpoint && model
    ? ['--embedding-provider', provider, '--embedding-endpoint', endpoint, '--embedding-model', model, '--yes',
       ...(env.ASK_VAULT_EVAL_EMBEDDING_KEY_ENV ? ['--embedding-api-key-env', env.ASK_VAULT_EVAL_EMBEDDING_KEY_ENV] : [])]
    : null;
  if (embedding) rows.push([`hybrid (${provider}: ${model})`, evaluate('piaf-endpoint', ['--mode', 'hybrid', ...embedding])]);
  const rerankUrl = env.ASK_VAULT_EVAL_RERANK_ENDPOINT;
  const rerankModel = env.ASK_VAULT_EVAL_RERANK_MODEL;
  if (rerankUrl && rerankModel) {
    const base = embedding ? ['--mode', 'hybrid', ...embedding] : ['--offline', '--mode', 'lexical'];
    const r = evaluate(embedding ? 'piaf-endpoint' : 'piaf', [...base, '--rerank-endpoint', rerankUrl, '--rerank-model', rerankModel]);
    const ms = r.rerank ? `, rerank ${r.rerank.meanMs} ms/query` : '';
    rows.push([`${embedding ? 'hybrid' : 'lexical'} + rerank (${rerankModel}${ms})`, r]);
  }
  return rows;
}
