import { SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Cascader, Select, Space } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchDivisionChildren, NATIONAL_CODE, searchDivisions, useDivision } from '../api/divisions.ts';
import type { DivisionView } from '../api/types.ts';

interface DivisionOption {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: DivisionOption[];
}

const toOption = (d: DivisionView): DivisionOption => ({
  value: d.code,
  label: d.name,
  isLeaf: !d.hasChildren,
});

/**
 * Picks a GB/T 2260 division (or 全国): browse level by level — children load when a level
 * opens — or search by name. Any level can be chosen (a province is a valid scope).
 * Form control: `value` / `onChange` carry the 6-digit code.
 */
export function DivisionPicker({
  value,
  onChange,
  id,
  status,
}: {
  value?: string;
  onChange?: (code: string | undefined) => void;
  id?: string;
  status?: 'error' | 'warning';
}) {
  const { t } = useTranslation();
  const names = useRef(new Map<string, string>([[NATIONAL_CODE, t('scope.national')]]));
  const [options, setOptions] = useState<DivisionOption[]>([]);
  const [path, setPath] = useState<string[]>([]);
  const [query, setQuery] = useState('');
  const [debounced, setDebounced] = useState('');

  const provinces = useQuery({
    queryKey: ['divisions', 'children', 'root'],
    queryFn: ({ signal }) => fetchDivisionChildren(undefined, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

  useEffect(() => {
    if (!provinces.data) return;
    for (const d of provinces.data.items) names.current.set(d.code, d.name);
    setOptions([
      { value: NATIONAL_CODE, label: t('scope.national'), isLeaf: true },
      ...provinces.data.items.map(toOption),
    ]);
  }, [provinces.data, t]);

  useEffect(() => {
    const timer = setTimeout(() => setDebounced(query.trim()), 250);
    return () => clearTimeout(timer);
  }, [query]);

  const search = useQuery({
    queryKey: ['divisions', 'search', debounced],
    queryFn: ({ signal }) => searchDivisions(debounced, signal),
    enabled: debounced.length > 0,
    staleTime: 5 * 60_000,
  });

  // A code chosen by search (or set from outside) has no loaded path: ask the server for it.
  const known = value ? path[path.length - 1] === value : true;
  const detail = useDivision(known || value === NATIONAL_CODE ? undefined : value);
  useEffect(() => {
    if (!detail.data || detail.data.code !== value) return;
    for (const p of detail.data.path) names.current.set(p.code, p.name);
    setPath(detail.data.path.map((p) => p.code));
  }, [detail.data, value]);

  let cascaderValue: string[] = [];
  if (value === NATIONAL_CODE) cascaderValue = [NATIONAL_CODE];
  else if (value) cascaderValue = known ? path : [value];

  const searchOptions = useMemo(() => {
    const items = (search.data?.items ?? []).map((d) => ({
      value: d.code,
      label: `${d.fullName}（${d.code}）`,
    }));
    const national = t('scope.national');
    if (debounced && national.includes(debounced)) items.unshift({ value: NATIONAL_CODE, label: national });
    return items;
  }, [search.data, debounced, t]);

  return (
    <Space.Compact block className="az-division-picker" data-testid="division-picker">
      <Cascader<DivisionOption>
        id={id}
        status={status}
        className="az-division-cascader"
        options={options}
        value={cascaderValue}
        changeOnSelect
        placeholder={t('division.placeholder')}
        notFoundContent={provinces.isError ? t('division.loadFailed') : undefined}
        loadData={(selected) => {
          const target = selected[selected.length - 1];
          if (!target || target.children) return;
          void fetchDivisionChildren(target.value).then((list) => {
            for (const d of list.items) names.current.set(d.code, d.name);
            target.children = list.items.map(toOption);
            if (list.items.length === 0) target.isLeaf = true;
            setOptions((current) => [...current]);
          });
        }}
        displayRender={(labels) => labels.map((l) => names.current.get(String(l)) ?? l).join(' / ')}
        onChange={(codes) => {
          const next = (codes ?? []).map(String);
          setPath(next);
          onChange?.(next[next.length - 1]);
        }}
        allowClear
      />
      <Select
        className="az-division-search"
        showSearch
        value={null}
        filterOption={false}
        searchValue={query}
        onSearch={setQuery}
        suffixIcon={<SearchOutlined />}
        placeholder={t('division.search')}
        aria-label={t('division.search')}
        loading={search.isFetching}
        notFoundContent={debounced ? t('division.noMatch') : t('division.typeToSearch')}
        options={searchOptions}
        popupMatchSelectWidth={320}
        onSelect={(code: string | null) => {
          if (!code) return;
          const hit = search.data?.items.find((d) => d.code === code);
          if (hit) names.current.set(code, hit.name);
          setQuery('');
          onChange?.(code);
        }}
      />
    </Space.Compact>
  );
}
