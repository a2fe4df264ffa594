/** The frame of every page: the product, the sections, sign out, and what the page adds to the bar. */
import type { ComponentChildren } from 'preact';
import { signOut } from '../session.js';
import { Link } from './link.js';

const sections: readonly { readonly path: string; readonly label: string }[] = [
  { path: '/', label: 'Live' },
  { path: '/alerts', label: 'Alerts' },
  { path: '/incidents', label: 'Incidents' },
  { path: '/orders', label: 'Orders' },
  { path: '/stock', label: 'Stock' },
  { path: '/incoming', label: 'Incoming' },
  { path: '/packing', label: 'Packing' },
  { path: '/shipping', label: 'Shipping' },
  { path: '/returns', label: 'Returns' },
  { path: '/plan', label: 'Peak plan' },
  { path: '/channels', label: 'Channels' },
  { path: '/webhooks', label: 'Webhooks' },
  { path: '/imports', label: 'Imports' },
  { path: '/sales', label: 'Sales' },
  { path: '/promo-codes', label: 'Promotions' },
  { path: '/campaigns', label: 'Campaigns' },
  { path: '/selections', label: 'Selections' },
  { path: '/advent', label: 'Advent' },
  { path: '/keys', label: 'API keys' },
  { path: '/audit-log', label: 'Audit log' },
];

function sectionOf(path: string): string {
  const first = `/${path.split('/')[1] ?? ''}`;
  return sections.some((section) => section.path === first) ? first : '/';
}

export function Shell({
  path,
  status,
  children,
}: {
  path: string;
  status?: ComponentChildren;
  children: ComponentChildren;
}) {
  const current = sectionOf(path);
  return (
    <div class="shell">
      <header class="bar">
        <div class="brand">
          <span class="brand-mark" aria-hidden="true" />
          Affluence <span class="brand-room">Operations room</span>
        </div>
        <nav aria-label="Sections">
          {sections.map((section) => (
            <Link key={section.path} to={section.path} class={section.path === current ? 'active' : ''}>
              {section.label}
            </Link>
          ))}
        </nav>
        <div class="bar-end">
          {status}
          <button type="button" class="quiet" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main>{children}</main>
    </div>
  );
}
