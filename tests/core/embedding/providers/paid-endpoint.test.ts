import { describe, expect, it } from 'vitest';
import { isPaidEndpoint } from '../../../../src/core/embedding/providers';

describe('isPaidEndpoint: what leaves the machine or the home network', () => {
  it.each([
    'http://127.0.0.1:11434', 'localhost:1234', 'http://[::1]:8080/v1', 'http://10.0.0.5:11434', 'http://172.20.1.1',
    'http://192.168.1.20:1234/v1', 'http://169.254.1.1', 'http://100.101.102.103:11434', 'http://gpu-box.local:11434',
    'http://nas.lan', 'http://[fd12::1]:8000',
  ])('%s is local or private', (url) => expect(isPaidEndpoint(url)).toBe(false));

  it.each(['https://api.openai.com/v1', 'https://api.mistral.ai/v1', 'http://8.8.8.8', 'http://172.32.0.1', 'https://my-gpu.example.com', 'not a url at all'])(
    '%s may bill or leaves the network',
    (url) => expect(isPaidEndpoint(url)).toBe(true),
  );
});
