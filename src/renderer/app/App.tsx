import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiContext } from '../api/context';
import { createQueryClient } from '../api/query-client';
import type { Boot } from '../boot/transport';
import { theme } from '../theme';
import { NoTokenPage } from './NoTokenPage';
import { Shell } from './Shell';

export function App({ boot }: { boot: Boot }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications position="bottom-right" limit={4} />
      {boot.kind === 'no-token' ? (
        <NoTokenPage />
      ) : (
        <QueryClientProvider client={queryClient}>
          <ApiContext.Provider value={{ api: boot.api, transport: boot.transport }}>
            <Shell />
          </ApiContext.Provider>
        </QueryClientProvider>
      )}
    </MantineProvider>
  );
}
