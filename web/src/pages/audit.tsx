import { usePageTitle } from '../components/page-title';

/** Placeholder until the page is built. */
export function AuditPage() {
  usePageTitle('Audit log');
  return <h1>Audit log</h1>;
}
