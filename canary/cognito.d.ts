/** Types of cognito.js for the TypeScript tests; not part of the deployed canary (excluded from the asset). */
export function signIn(options: {
  region: string;
  clientId: string;
  username: string;
  password: string;
  endpoint?: string;
}): Promise<{ idToken: string; expiresInSeconds: number }>;
