import { webcrypto } from 'node:crypto';
import {
  base64UrlDecode,
  base64UrlEncode,
  codeChallengeS256,
  createCodeVerifier,
  createState,
  CryptoLike,
} from '../../web/src/pkce';

const crypto = webcrypto as unknown as CryptoLike;

describe('PKCE (RFC 7636)', () => {
  test('the S256 challenge of the appendix B verifier is the appendix B challenge', async () => {
    expect(await codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk', crypto)).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  test('the appendix B verifier is the base64url of its 32 octets', () => {
    const octets = [
      116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240,
      91, 88, 5, 88, 83, 132, 141, 121,
    ];
    expect(base64UrlEncode(Uint8Array.from(octets))).toBe('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
    expect([...base64UrlDecode('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')]).toEqual(octets);
  });

  test('a verifier is 43 characters of the unreserved set, and fresh each time', () => {
    const verifiers = Array.from({ length: 50 }, () => createCodeVerifier(crypto));
    for (const verifier of verifiers) {
      expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
      expect(verifier).toHaveLength(43);
    }
    expect(new Set(verifiers).size).toBe(verifiers.length);
  });

  test('a verifier comes from 32 bytes of the injected random source', () => {
    const zeros: CryptoLike = { ...crypto, getRandomValues: (array) => array.fill(0), subtle: crypto.subtle };
    expect(createCodeVerifier(zeros)).toBe('A'.repeat(43));
  });

  test('a state is 22 url-safe characters (128 bits), fresh each time', () => {
    const states = new Set(Array.from({ length: 50 }, () => createState(crypto)));
    expect(states.size).toBe(50);
    for (const state of states) expect(state).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
