import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Button, ErrorSummary, TextAreaField, TextField, type FieldErrors } from '../../components/forms';
import { Alert, LoadError, Loading, PageTitle } from '../../components/Page';
import { api, ApiRequestError, unwrap } from '../../lib/api-client';
import { useProject } from '../../lib/portfolio';
import { Link } from '../../lib/router';
import { CheckboxGroup, focusSoon, GoalFields, MeasureFields, replace, without } from './EditorParts';
import { apiErrors, checkForm, emptyGoal, emptyMeasure, toBody, toForm, type Form, type Strategy, type Vocabularies } from './model';
import { strategyKey, useStrategy, useVocabularies } from './queries';
import { texts } from './texts';

/*
 * /projekte/:slug/strategie/bearbeiten — the municipality writes its whole cascade. What is typed stays in this tab
 * (sessionStorage, under the prefix sign-out clears) until the server holds it; a refused save keeps every field.
 * Saving sends If-Match with the version the form was read at; 409 says so and offers to overwrite or to reload.
 */
const t = texts.editor;
const storageKey = (projectId: number) => `mpsc-entwurf:strategie:${projectId}`;

function stored(projectId: number): Form | null {
  try {
    const raw = window.sessionStorage.getItem(storageKey(projectId));
    return raw ? (JSON.parse(raw) as Form) : null;
  } catch {
    return null;
  }
}

async function put(projectId: number, form: Form): Promise<Strategy> {
  return unwrap(await api.PUT('/api/v1/projects/{id}/strategy', {
    params: { path: { id: projectId }, header: { 'If-Match': String(form.version) } }, body: toBody(form),
  }));
}

function currentVersionOf(error: unknown): number | null {
  const detail = error instanceof ApiRequestError ? (error.body?.details?.[0] as { currentVersion?: number } | undefined) : undefined;
  return typeof detail?.currentVersion === 'number' ? detail.currentVersion : null;
}

function Editor({ strategy, vocabularies: v, slug }: { strategy: Strategy; vocabularies: Vocabularies; slug: string }) {
  const client = useQueryClient();
  const projectId = strategy.projectId;
  const [restored] = useState(() => stored(projectId) !== null);
  const [form, setForm] = useState<Form>(() => stored(projectId) ?? toForm(strategy));
  const [dirty, setDirty] = useState(restored);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [conflictAt, setConflictAt] = useState<number | null>(null);
  useEffect(() => {
    if (dirty) window.sessionStorage.setItem(storageKey(projectId), JSON.stringify(form));
  }, [dirty, form, projectId]);
  const change = (next: Form) => { setForm(next); setDirty(true); };
  const saved = (s: Strategy) => {
    window.sessionStorage.removeItem(storageKey(projectId));
    setDirty(false);
    setForm(toForm(s));
    setErrors({});
    setConflictAt(null);
    client.setQueryData(strategyKey(projectId), s);
  };
  const mutation = useMutation({
    mutationFn: async ({ submit, base }: { submit: boolean; base: Form }) => {
      const s = await put(projectId, base);
      saved(s);
      if (!submit) return { s, message: t.saved };
      const after = unwrap(await api.POST('/api/v1/projects/{id}/strategy/submit', { params: { path: { id: projectId }, header: { 'If-Match': String(s.version) } } }));
      return { s: after, message: t.submitted };
    },
    onSuccess: ({ s, message }) => { client.setQueryData(strategyKey(projectId), s); setNotice(message); },
    onError: (error) => { setConflictAt(currentVersionOf(error)); setErrors(apiErrors(error, form)); },
  });
  const go = (submit: boolean, base = form) => {
    setNotice(null);
    const found = checkForm(base);
    setErrors(found);
    if (!Object.keys(found).length) mutation.mutate({ submit, base });
  };
  const onSubmit = (event: FormEvent) => { event.preventDefault(); go(false); };
  const order = Object.keys(errors).filter((key) => key !== 'form');
  const editable = strategy.status !== 'submitted';
  if (!editable) return notice ? <Alert kind="success" title={notice} /> : <Alert kind="info" title={t.readOnly(texts.statusLabels.submitted)} />;
  const text = (key: 'vision' | 'mission' | 'approach' | 'ownValues', id: string, label: string, hint?: string) => (
    <TextAreaField id={id} label={label} hint={hint} rows={4} value={form[key]} error={errors[id]} onChange={(e) => change({ ...form, [key]: e.target.value })} />
  );
  return (
    <form onSubmit={onSubmit} noValidate className="report-form">
      {restored && dirty && <Alert kind="info" title={t.restored} />}
      <ErrorSummary errors={errors} order={order} />
      {conflictAt !== null && (
        <div className="actions">
          <Button variant="secondary" onClick={() => go(false, { ...form, version: conflictAt })}>{t.overwrite}</Button>
          <Button variant="tertiary" onClick={() => { window.sessionStorage.removeItem(storageKey(projectId)); void client.invalidateQueries({ queryKey: strategyKey(projectId) }); window.location.reload(); }}>{t.reload}</Button>
        </div>
      )}
      {notice && <Alert kind="success" title={notice} />}
      <p className="kern-body kern-body--small">{t.keepHint}</p>
      <h2 className="kern-heading-medium">{texts.steps.vision}</h2>
      {text('vision', 'vision', t.vision, texts.hints.vision)}
      <h2 className="kern-heading-medium">{texts.steps.mission}</h2>
      {text('mission', 'mission', t.mission, texts.hints.mission)}
      <h2 className="kern-heading-medium">{texts.steps.values}</h2>
      <CheckboxGroup id="werte" legend={t.values} terms={v.values} selected={form.valueCodes} error={errors.werte} onChange={(codes) => change({ ...form, valueCodes: codes })} />
      {text('ownValues', 'eigene-werte', t.ownValues, t.ownValuesHint)}
      <h2 className="kern-heading-medium">{texts.steps.goals}</h2>
      {form.goals.map((g, i) => (
        <GoalFields key={g.id} goal={g} index={i} errors={errors} onChange={(next) => change({ ...form, goals: replace(form.goals, i, next) })}
          onRemove={() => change({ ...form, goals: without(form.goals, i), measures: form.measures.map((m) => ({ ...m, goalIds: m.goalIds.filter((id) => id !== g.id) })) })} />
      ))}
      <Button id="ziel-hinzufuegen" variant="secondary" onClick={() => { change({ ...form, goals: [...form.goals, emptyGoal(form.goals)] }); focusSoon(`ziel-${form.goals.length}-titel`); }}>{t.addGoal}</Button>
      <h2 className="kern-heading-medium">{texts.steps.strategy}</h2>
      {text('approach', 'ansatz', t.approach, texts.hints.strategy)}
      <TextField id="beschluss" label={t.resolutionDate} type="date" value={form.resolutionDate} error={errors.beschluss} onChange={(e) => change({ ...form, resolutionDate: e.target.value })} />
      <TextField id="dokument" label={t.documentRef} maxLength={500} value={form.documentRef} error={errors.dokument} onChange={(e) => change({ ...form, documentRef: e.target.value })} />
      <h2 className="kern-heading-medium">{texts.steps.measures}</h2>
      {form.measures.map((m, i) => (
        <MeasureFields key={m.id} measure={m} index={i} goals={form.goals} vocabularies={v} errors={errors}
          onChange={(next) => change({ ...form, measures: replace(form.measures, i, next) })} onRemove={() => change({ ...form, measures: without(form.measures, i) })} />
      ))}
      <Button id="massnahme-hinzufuegen" variant="secondary" onClick={() => { change({ ...form, measures: [...form.measures, emptyMeasure(form.measures)] }); focusSoon(`massnahme-${form.measures.length}-titel`); }}>{t.addMeasure}</Button>
      <div className="actions">
        <Button type="submit" disabled={mutation.isPending}>{mutation.isPending ? t.saving : t.save}</Button>
        <Button variant="secondary" disabled={mutation.isPending} onClick={() => go(true)}>{t.submit}</Button>
        <Link to={`/projekte/${slug}/strategie`}>{texts.backToStrategy}</Link>
      </div>
    </form>
  );
}

export default function StrategyEditPage({ params }: { params: Record<string, string> }) {
  const project = useProject(params.slug);
  const strategy = useStrategy(project.data?.id);
  const vocabularies = useVocabularies();
  const failed = project.error ?? strategy.error ?? vocabularies.error;
  if (failed) return <LoadError error={failed} />;
  if (!project.data || !strategy.data || !vocabularies.data) return <Loading />;
  const p = project.data;
  return (
    <>
      <p><Link to={`/projekte/${p.slug}/strategie`}>{texts.backToStrategy}</Link></p>
      <PageTitle title={`${texts.docTitle}: ${p.name}`}>{texts.editTitle(p.name)}</PageTitle>
      <p className="kern-body"><strong>{texts.statusLine(texts.statusLabels[strategy.data.status] ?? strategy.data.status)}</strong></p>
      {strategy.data.reviewComment && strategy.data.status === 'changes_requested' && (
        <Alert kind="warning" title={texts.reviewComment}><span className="preserve">{strategy.data.reviewComment}</span></Alert>
      )}
      <Editor key={p.id} strategy={strategy.data} vocabularies={vocabularies.data} slug={p.slug} />
    </>
  );
}
