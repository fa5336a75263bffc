import {
  AppShell,
  Burger,
  Button,
  Group,
  NavLink,
  SegmentedControl,
  Text,
  useMantineTheme,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import type { Role } from '../api/types';
import { usePrincipal, useSession } from '../auth/session';
import { switchLanguage, type Language } from '../i18n/i18n';
import { useLiveUpdates } from '../live/live';
import { NoticesBell } from '../officer/notices-bell';

/** The screens each role works in, in the order of the menu. */
const MENU: { path: string; label: string; roles: Role[] }[] = [
  { path: '/inbox', label: 'nav.inbox', roles: ['officer'] },
  { path: '/directives', label: 'nav.directives', roles: ['clerk'] },
  { path: '/directives/new', label: 'newDirective.title', roles: ['clerk'] },
  { path: '/intake', label: 'nav.intake', roles: ['clerk'] },
  { path: '/extension-requests', label: 'extensions.title', roles: ['clerk'] },
  { path: '/escalations', label: 'nav.escalations', roles: ['supervisor'] },
  { path: '/statistics', label: 'nav.statistics', roles: ['supervisor', 'clerk', 'admin'] },
  { path: '/units', label: 'nav.organisation', roles: ['admin'] },
  { path: '/audit', label: 'nav.audit', roles: ['admin'] },
];

/** Header, menu (a drawer on a phone), the page; the menu shows what the person's roles may use. */
export function Shell() {
  const { t, i18n } = useTranslation();
  const principal = usePrincipal();
  const { signOut } = useSession();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const theme = useMantineTheme();
  const wide = useMediaQuery(`(min-width: ${theme.breakpoints.sm})`, undefined, { getInitialValueInEffect: false });
  useLiveUpdates();
  const entries = MENU.filter((entry) => entry.roles.some((role) => principal.roles.includes(role)));
  // The longest menu path the page is under: /directives/new is "new directive", not also "directives".
  const activePath = entries
    .map((entry) => entry.path)
    .filter((path) => location.pathname === path || location.pathname.startsWith(`${path}/`))
    .sort((a, b) => b.length - a.length)[0];

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Text fw={700}>{t('app.name')}</Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {principal.roles.includes('officer') && <NoticesBell />}
            <SegmentedControl
              size="xs"
              aria-label={t('app.language')}
              value={i18n.language}
              onChange={(value) => void switchLanguage(value as Language)}
              data={[
                { value: 'vi', label: 'VI' },
                { value: 'en', label: 'EN' },
              ]}
            />
          </Group>
        </Group>
      </AppShell.Header>
      {/* On a phone the closed menu only slides off the screen: inert, Tab skips its links rather than
          focusing what nobody can see (test/integration/console/keyboard-sweep.spec.ts). */}
      <AppShell.Navbar p="xs" aria-label="Menu" inert={!wide && !opened}>
        <Text size="sm" c="gray.7" px="xs" mb="xs">
          {principal.sub} · {principal.roles.map((role) => t(`roles.${role}`)).join(', ')}
          <br />
          {principal.unitId}
        </Text>
        {entries.map((entry) => (
          <NavLink
            key={entry.path}
            component={Link}
            to={entry.path}
            label={t(entry.label)}
            active={entry.path === activePath}
            // Filled in shade 9: the active entry stays readable (WCAG AA) when hovered too, where
            // the light variant's hover tint put its text below 4.5:1.
            variant="filled"
            color="blue.9"
            onClick={close}
          />
        ))}
        <Button variant="subtle" mt="auto" onClick={signOut}>
          {t('app.signOut')}
        </Button>
      </AppShell.Navbar>
      <AppShell.Main>
        <VisuallyHidden component="span" id="main-start">
          {t('app.name')}
        </VisuallyHidden>
        <Suspense fallback={<Text>{t('common.loading')}</Text>}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
