import { usePageTitle } from '../components/page-title';

/** Placeholder until the page is built. */
export function RunPage({ id }: { readonly id: string }) {
  usePageTitle(id);
  return <h1>{id}</h1>;
}
