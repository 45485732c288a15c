import { useState, type FormEvent } from 'react';
import { Button, SelectField, TextField, type Option } from '../../components/forms';
import { useCategories, useRounds, useStates, STATUS_LABELS } from '../../lib/portfolio';
import { Link, useRouter } from '../../lib/router';
import { explorerUrl, SORTS, type ExplorerFilters } from './explorer-params';
import { texts } from './texts';

/** The filter form. It edits a copy of the URL's filters; "Filter anwenden" writes them to the URL (page 1). */
export function FilterForm({ filters }: { filters: ExplorerFilters }) {
  const { navigate } = useRouter();
  const [draft, setDraft] = useState(filters);
  const rounds = useRounds();
  const categories = useCategories();
  const states = useStates();
  const all: Option = { value: '', label: texts.all };
  const set = (key: keyof ExplorerFilters) => (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(explorerUrl({ ...draft, seite: 1 }));
  };
  return (
    <form onSubmit={submit} aria-labelledby="filter-titel" className="page-section">
      <h2 id="filter-titel" className="kern-heading-small">{texts.filtersTitle}</h2>
      <div className="filters">
        <SelectField id="staffel" label={texts.staffel} value={draft.staffel} onChange={set('staffel')}
          options={[all, ...(rounds.data ?? []).map((r) => ({ value: String(r.number), label: texts.roundOption(r.number, r.year) }))]} />
        <SelectField id="kategorie" label={texts.kategorie} value={draft.kategorie} onChange={set('kategorie')}
          options={[all, ...(categories.data ?? []).map((c) => ({ value: c.code, label: c.name }))]} />
        <SelectField id="land" label={texts.land} value={draft.land} onChange={set('land')}
          options={[all, ...(states.data ?? []).map((s) => ({ value: s.code, label: s.name })).sort((a, b) => a.label.localeCompare(b.label, 'de'))]} />
        <SelectField id="status" label={texts.status} value={draft.status} onChange={set('status')}
          options={[all, ...Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))]} />
        <TextField id="q" label={texts.q} hint={texts.qHint} type="search" value={draft.q} onChange={set('q')} maxLength={200} />
        <SelectField id="sort" label={texts.sort} value={draft.sort} onChange={set('sort')}
          options={SORTS.map((value) => ({ value, label: texts.sorts[value] }))} />
      </div>
      <div className="actions">
        <Button type="submit">{texts.apply}</Button>
        <Link to="/projekte">{texts.reset}</Link>
      </div>
    </form>
  );
}
