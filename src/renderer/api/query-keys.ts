export const queryKeys = {
  appInfo: ['app-info'] as const,
  endpoints: ['endpoints'] as const,
  endpointStatus: (name: string) => ['endpoint-status', name] as const,
  detectLocal: ['detect-local'] as const,
  instances: (endpoint: string) => ['instances', endpoint] as const,
};
