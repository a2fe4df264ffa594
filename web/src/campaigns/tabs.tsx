/** The tabs of the campaigns section: the calendar, the selections a banner shows, and the advent calendar. */
import { Link } from '../components/link.js';

const tabs = [
  { path: '/campaigns', label: 'Calendar' },
  { path: '/selections', label: 'Selections' },
  { path: '/advent', label: 'Advent' },
] as const;

export function CampaignTabs({ current }: { current: (typeof tabs)[number]['path'] }) {
  return (
    <nav class="campaign-tabs" aria-label="Campaign pages">
      {tabs.map((tab) => (
        <Link key={tab.path} to={tab.path} class={tab.path === current ? 'active' : ''}>
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
