// Starts the web app: the component library, the data cache and the router around the app's pages.
import '@mantine/core/styles.css';
import './styles.css';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { ApiError, onSessionLost } from './api';
import { routes } from './App';
import { SESSION_KEY } from './session';
import { theme } from './theme';

const client = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx answer will not change on retry; only network hiccups and server errors are retried.
      retry: (failures, error) => failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});
onSessionLost(() => void client.invalidateQueries({ queryKey: SESSION_KEY }));
// A data router, so a page holding unsaved edits can stop the Back and Forward buttons as well as links.
const router = createBrowserRouter(routes);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={client}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
