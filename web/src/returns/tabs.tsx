/** The tabs of the returns section: the returns themselves, their rates, and each channel's terms. */
import { Link } from '../components/link.js';

const tabs = [
  { path: '/returns', label: 'Returns' },
  { path: '/returns/rates', label: 'Return rates' },
  { path: '/returns/policies', label: 'Return policies' },
] as const;

export function ReturnsTabs({ current }: { current: (typeof tabs)[number]['path'] }) {
  return (
    <nav class="returns-tabs" aria-label="Returns pages">
      {tabs.map((tab) => (
        <Link key={tab.path} to={tab.path} class={tab.path === current ? 'active' : ''}>
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
