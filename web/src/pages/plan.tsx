import { Link, Route, Switch, useLocation } from 'wouter';
import { NotFoundPage } from './not-found';
import './plan.css';
import { PlanLandscapePage } from './plan-landscape';
import { PlanOwnershipPage } from './plan-ownership';
import { PlanReadinessPage } from './plan-readiness';
import { PlanRunbookPage } from './plan-runbook';

/** The plan views, under /plan (the paths here are relative to it: wouter's nested route). */
const views = [
  { href: '/', label: 'Readiness' },
  { href: '/landscape', label: 'Landscape' },
  { href: '/ownership', label: 'Ownership' },
  { href: '/runbook', label: 'Runbook' },
] as const;

/** The plan: readiness by step, the landscape, field ownership and the runbook, as tabs. */
export function PlanPage() {
  return (
    <>
      <PlanTabs />
      <Switch>
        <Route path="/" component={PlanReadinessPage} />
        <Route path="/landscape" component={PlanLandscapePage} />
        <Route path="/ownership" component={PlanOwnershipPage} />
        <Route path="/runbook" component={PlanRunbookPage} />
        <Route component={NotFoundPage} />
      </Switch>
    </>
  );
}

function PlanTabs() {
  const [location] = useLocation();
  return (
    <nav aria-label="Plan views" className="plan-tabs">
      <ul>
        {views.map((view) => (
          <li key={view.href}>
            <Link href={view.href} aria-current={location === view.href ? 'page' : undefined}>
              {view.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
