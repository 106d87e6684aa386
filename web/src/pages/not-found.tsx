import { Link } from 'wouter';
import { usePageTitle } from '../components/page-title';

export function NotFoundPage() {
  usePageTitle('Not found');
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is no such page. <Link href="/">Back to the overview</Link>.
      </p>
    </section>
  );
}
