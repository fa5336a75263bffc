import '@mantine/core/styles.css';
import './layout/focus.css';
import { createTheme, MantineProvider, type CSSVariablesResolver } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiError } from './api/api-error';
import { App } from './app';
import { loadConsoleSettings, SessionProvider } from './auth/session';
import { startFirstScreen } from './first-screen';
import { startI18n } from './i18n/i18n';

/** Dense screens for office work: small spacing, the system font (Vietnamese diacritics render everywhere). */
const theme = createTheme({ primaryColor: 'blue', defaultRadius: 'sm', primaryShade: 8 });

/** Error text dark enough to read on white (WCAG AA): Mantine's default red is too light for small text. */
const readableColours: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
  },
  dark: {},
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal will not change by asking again; a busy server may.
      retry: (count, error) => count < 2 && (!(error instanceof ApiError) || error.status >= 500),
      refetchOnWindowFocus: true,
    },
  },
});

async function start(): Promise<void> {
  const landingCode = startFirstScreen(queryClient, null);
  const settingsRead = loadConsoleSettings();
  // The first screen's data goes out as soon as the settings say who is signed in, without
  // waiting for the dictionaries or the page's code to be evaluated.
  const landingData = settingsRead.then((settings) =>
    window.location.pathname === '/sign-in/silent' ? undefined : startFirstScreen(queryClient, settings),
  );
  const [settings] = await Promise.all([settingsRead, startI18n(), landingCode, landingData]);
  if (window.location.pathname === '/sign-in/silent' && settings.oidc !== null) {
    // The hidden frame of a silent renewal: hand the answer to the page that opened it.
    const { createUserManager } = await import('./auth/oidc');
    await createUserManager(settings.oidc).signinSilentCallback();
    return;
  }
  const root = document.getElementById('root');
  if (root === null) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <MantineProvider theme={theme} cssVariablesResolver={readableColours}>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <SessionProvider settings={settings}>
              <App />
            </SessionProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  );
}

void start();
