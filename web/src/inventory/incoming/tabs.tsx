/** The tabs of the incoming section: the purchase orders on their way, and the orders waiting for them. */
import { Link } from '../../components/link.js';

const tabs = [
  { path: '/incoming', label: 'Purchase orders' },
  { path: '/incoming/backorders', label: 'Backorders' },
] as const;

export function IncomingTabs({ current }: { current: (typeof tabs)[number]['path'] }) {
  return (
    <nav class="incoming-tabs" aria-label="Incoming pages">
      {tabs.map((tab) => (
        <Link key={tab.path} to={tab.path} class={tab.path === current ? 'active' : ''}>
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
