/** Polytomic: Clear Filter (view title, palette; also before revealing a node the filter hides). */
import { NO_FILTER, type ViewFilter } from '../../core/view/viewFilter';
import type { ViewFilterState } from '../viewFilterState';

export async function clearFilter(state: ViewFilterState): Promise<ViewFilter> {
  await state.set(NO_FILTER);
  return state.filter;
}
