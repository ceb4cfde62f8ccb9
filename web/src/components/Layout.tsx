// The signed-in shell: skip link, header with the organization, demo notice and person, navigation, main area.
import { Anchor, Badge, Box, Button, Container, Group, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { signOut as endSession } from '../queries/session';
import { useSessionReset, useSignedIn } from '../session';
import { focusPageHeading } from './PageHeading';

// The page the person was on when the app loaded counts as already shown.
let lastPath = typeof window === 'undefined' ? '' : window.location.pathname;

export function Layout() {
  const session = useSignedIn();
  const reset = useSessionReset();
  const location = useLocation();
  const main = useRef<HTMLDivElement>(null);

  // After moving to another page, put keyboard and screen-reader focus on its heading, as a full page load would.
  // The last path is kept outside the component: the shell can mount again on the same page (after the session
  // is read again, say), and that is no navigation.
  useEffect(() => {
    if (location.pathname === lastPath) return;
    lastPath = location.pathname;
    focusPageHeading(main.current);
  }, [location.pathname]);

  async function signOut() {
    await endSession().catch(() => undefined);
    await reset(undefined);
  }

  const spansSchools = Boolean(session.orgWide) || session.roles.some((r) => r === 'district_leader' || r === 'network_director');
  const links = [
    { to: '/', label: 'Network', show: true },
    { to: '/results', label: 'Results', show: true },
    { to: '/plans', label: 'Plans', show: true },
    { to: '/frameworks', label: 'Frameworks', show: true },
    // The heatmap and calibration compare schools, so they are offered to people whose role spans more than one.
    { to: '/heatmap', label: 'Heatmap', show: spansSchools },
    { to: '/calibration', label: 'Calibration', show: spansSchools },
    { to: '/imports', label: 'Imports', show: Boolean(session.can.importResults) },
    { to: '/people', label: 'People', show: session.can.managePeople },
    { to: '/audit', label: 'Audit log', show: session.can.readAudit },
  ].filter((l) => l.show);

  return (
    <>
      <a href="#main" className="skip-link">
        Skip to main content
      </a>
      <Box component="header" className="site-header">
        <Container size="xl" py="sm">
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Group gap="sm" wrap="wrap">
              <Anchor component={Link} to="/" className="brand" underline="never">
                <span className="brand-mark" aria-hidden>
                  T
                </span>
                <span>
                  <span className="brand-name">Trellis</span>
                  <span className="brand-org">{session.organization.name}</span>
                </span>
              </Anchor>
              {session.organization.isDemo && (
                <Badge variant="light" size="lg" radius="sm" c="#7a3d00" bg="#fff4e6" tt="none">
                  Demo network — synthetic data
                </Badge>
              )}
            </Group>
            <Group gap="xs" className="no-print" wrap="wrap">
              <Text size="sm" fw={500}>
                <span className="visually-hidden">Signed in as </span>
                {session.person.name}
              </Text>
              <Anchor component={Link} to="/account/password" size="sm">
                Your account
              </Anchor>
              <Button variant="default" size="xs" onClick={signOut}>
                Sign out
              </Button>
            </Group>
          </Group>
          <Box component="nav" aria-label="Main" mt="xs" className="no-print">
            <ul className="main-nav">
              {links.map((l) => (
                <li key={l.to}>
                  <NavLink to={l.to} end={l.to === '/'} className="main-nav-link">
                    {l.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </Box>
        </Container>
      </Box>
      <Container size="xl" component="main" id="main" ref={main} tabIndex={-1} py="lg" className="site-main">
        <Outlet />
      </Container>
      <Box component="footer" className="site-footer no-print">
        <Container size="xl" py="md">
          <Text size="xs" c="dimmed">
            Trellis · the improvement loop for school transformation networks
          </Text>
        </Container>
      </Box>
    </>
  );
}
