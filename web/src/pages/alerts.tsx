import { usePageTitle } from '../components/page-title';

/** Placeholder until the page is built. */
export function AlertsPage() {
  usePageTitle('Alerts');
  return <h1>Alerts</h1>;
}
