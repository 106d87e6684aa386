import { usePageTitle } from '../components/page-title';

/** Placeholder until the page is built. */
export function FlowPage({ flow }: { readonly flow: string }) {
  usePageTitle(flow);
  return <h1>{flow}</h1>;
}
