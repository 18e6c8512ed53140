/**
 * Where the datacenter screens live (hash routes; `~` makes a path absolute inside the nested
 * router). The wizard's segment cannot be a datacenter name: names have no "_".
 */
export const paths = {
  list: '~/datacenters',
  create: '~/datacenters/_new',
  datacenter: (name: string) => `~/datacenters/${encodeURIComponent(name)}`,
  edit: (name: string) => `~/datacenters/${encodeURIComponent(name)}/edit`,
  endpoints: '~/endpoints',
};
