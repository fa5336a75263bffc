import { Alert, Button, Stack, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { DevSignInPage } from './dev-sign-in-page';
import { useSession } from './session';

/** The sign-in the deployment offers: the provider's (oidc), else the development one, else a note. */
export function SignInPage() {
  const { t } = useTranslation();
  const { settings, signInWithProvider } = useSession();
  if (settings.devSignIn) return <DevSignInPage />;
  if (settings.oidc !== null) {
    return (
      <Stack maw={480} mx="auto" p="md">
        <Title order={1}>{t('signIn.title')}</Title>
        <Button onClick={() => void signInWithProvider()}>{t('signIn.oidc')}</Button>
      </Stack>
    );
  }
  return (
    <Stack maw={480} mx="auto" p="md">
      <Title order={1}>{t('signIn.title')}</Title>
      <Alert color="yellow">{t('signIn.unavailable')}</Alert>
    </Stack>
  );
}

/** Where the provider sends the person back (`/sign-in/callback`): finishes the code exchange. */
export function SignInCallbackPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { completeProviderSignIn } = useSession();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    completeProviderSignIn().then(
      () => void navigate('/', { replace: true }),
      () => setFailed(true),
    );
  }, [completeProviderSignIn, navigate]);
  return failed ? <Alert color="red">{t('errors.unauthorized')}</Alert> : <p>{t('signIn.oidcRedirecting')}</p>;
}
