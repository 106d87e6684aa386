import { usePageTitle } from '../components/page-title';

/** Placeholder until the page is built. */
export function PlanPage() {
  usePageTitle('Plan');
  return <h1>Plan</h1>;
}
