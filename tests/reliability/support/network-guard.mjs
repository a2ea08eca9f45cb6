// Loaded with `node --import` into a CLI run: every way out to the network (fetch, DNS lookups,
// TCP connections, hence http/https and undici too) is recorded to ASK_VAULT_NET_LOG, one JSON
// line each, and refused unless it goes to the loopback interface. A test then knows exactly which
// hosts a run tried to reach, including those transformers.js would fetch models from.
import { appendFileSync } from 'node:fs';
import dns from 'node:dns';
import net from 'node:net';

const log = process.env.ASK_VAULT_NET_LOG;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);
const record = (entry) => {
  if (log) appendFileSync(log, `${JSON.stringify(entry)}\n`);
};
const refuse = (what) => Object.assign(new Error(`network guard: ${what} is not loopback`), { code: 'ENETUNREACH' });

const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = new URL(typeof input === 'string' || input instanceof URL ? String(input) : input.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  record({ via: 'fetch', host, url: `${url.protocol}//${url.host}${url.pathname}` });
  if (!LOOPBACK.has(host)) throw new TypeError('fetch failed', { cause: refuse(host) });
  return realFetch(input, init);
};

const realLookup = dns.lookup;
dns.lookup = function lookup(hostname, ...rest) {
  record({ via: 'dns', host: hostname });
  const callback = rest.at(-1);
  if (!LOOPBACK.has(hostname) && typeof callback === 'function') {
    process.nextTick(() => callback(Object.assign(refuse(hostname), { code: 'ENOTFOUND' })));
    return {};
  }
  return realLookup.call(this, hostname, ...rest);
};
const realPromiseLookup = dns.promises.lookup;
dns.promises.lookup = async (hostname, ...rest) => {
  record({ via: 'dns', host: hostname });
  if (!LOOPBACK.has(hostname)) throw Object.assign(refuse(hostname), { code: 'ENOTFOUND' });
  return realPromiseLookup(hostname, ...rest);
};

const realConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(...args) {
  const opts = typeof args[0] === 'object' && args[0] !== null ? (Array.isArray(args[0]) ? args[0][0] : args[0]) : { port: args[0], host: args[1] };
  if (opts && opts.path === undefined) {
    const host = opts.host ?? 'localhost';
    record({ via: 'tcp', host, port: opts.port });
    if (!LOOPBACK.has(host)) {
      process.nextTick(() => this.destroy(refuse(`${host}:${opts.port}`)));
      return this;
    }
  }
  return realConnect.apply(this, args);
};
