import { describe, expect, it } from 'vitest';
import { dateFacets, dateRangeFacets, facet } from '../../src/search/facets.ts';

describe('search facets', () => {
  it('turn ids into letters and digits only, one token per kind and id', () => {
    expect(facet('station', 'topic-kim')).toMatch(/^st[0-9a-f]{16}$/);
    expect(facet('topic', 'a')).not.toBe(facet('station', 'a'));
  });

  it('index a dialogue under the UTC year and month of its start', () => {
    expect(dateFacets('2021-09-08T02:00:00.000Z')).toEqual(['y2021', 'm202109']);
  });

  it('cover a date range with whole years in the middle and months at the ends', () => {
    expect(dateRangeFacets('2021-11-15T00:00:00.000Z', '2024-02-01T00:00:00.000Z')).toEqual([
      'm202111', 'm202112', 'y2022', 'y2023', 'm202401', 'm202402',
    ]);
    expect(dateRangeFacets('2021-09-08T00:00:00.000Z', '2021-09-09T00:00:00.000Z')).toEqual(['m202109']);
    expect(dateRangeFacets('2022-01-01T00:00:00.000Z', '2022-12-31T00:00:00.000Z')).toEqual([
      'm202201', 'm202202', 'm202203', 'm202204', 'm202205', 'm202206', 'm202207', 'm202208', 'm202209', 'm202210', 'm202211', 'm202212',
    ]);
    expect(dateRangeFacets('2022-01-01T00:00:00.000Z', '2021-01-01T00:00:00.000Z')).toEqual([]);
  });
});
