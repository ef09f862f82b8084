import { useMyEnterprises } from '../../../api/registry.ts';

/** The enterprise of the logged-in enterprise user (the server lists only their own). */
export function useMyEnterprise() {
  const list = useMyEnterprises();
  return { ...list, enterprise: list.data?.items[0] };
}
