/**
 * `npm run keys`: creates the local key pair (DONDOC_JWT_PRIVATE_KEY_FILE and
 * DONDOC_JWT_PUBLIC_KEY_FILE, by default under the git-ignored .data/keys/) unless it exists.
 * Safe to run on every start; it never replaces an existing key.
 */
import { loadAuthSettings } from '@dondoc/config';
import { ensureLocalKeyPair } from './keys';

function main(): void {
  const settings = loadAuthSettings();
  if (settings.mode !== 'local') {
    console.log('keys: DONDOC_AUTH_MODE=oidc, the identity provider holds the keys; nothing to do');
    return;
  }
  const created = ensureLocalKeyPair(settings);
  console.log(
    `keys: ${created ? 'created' : 'kept the existing'} local key pair ${settings.privateKeyFile} and ${settings.publicKeyFile}`,
  );
}

try {
  main();
} catch (error) {
  console.error(`keys: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
