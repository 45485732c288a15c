import { SelectField, TextAreaField, type FieldErrors } from '../../components/forms';
import { OVERALL_STATUSES, type Draft } from './model';
import { texts } from './texts';
import { LIMITS } from './validation';

/** The narrative and the overall status with its reason. */
export function NarrativeSection({ draft, errors, onChange }: { draft: Draft; errors: FieldErrors; onChange: (draft: Draft) => void }) {
  const statusOptions = [{ value: '', label: texts.overall.none }, ...OVERALL_STATUSES.map((s) => ({ value: s, label: texts.overallLabels[s] }))];
  return (
    <section aria-labelledby="teil-sachstand" className="page-section">
      <h2 id="teil-sachstand" className="kern-heading-large">{texts.narrative.label}</h2>
      <TextAreaField
        id="narrative"
        label={texts.narrative.label}
        hint={texts.narrative.hint}
        error={errors.narrative}
        counter={texts.count(draft.narrative.length, LIMITS.narrative)}
        rows={10}
        value={draft.narrative}
        onChange={(event) => onChange({ ...draft, narrative: event.target.value })}
      />
      <SelectField
        id="overallStatus"
        label={texts.overall.legend}
        error={errors.overallStatus}
        options={statusOptions}
        value={draft.overallStatus}
        onChange={(event) => onChange({ ...draft, overallStatus: event.target.value as Draft['overallStatus'] })}
      />
      <TextAreaField
        id="overallStatusReason"
        label={texts.overall.reason}
        hint={texts.overall.reasonHint}
        error={errors.overallStatusReason}
        counter={texts.count(draft.overallStatusReason.length, LIMITS.overallStatusReason)}
        rows={3}
        value={draft.overallStatusReason}
        onChange={(event) => onChange({ ...draft, overallStatusReason: event.target.value })}
      />
    </section>
  );
}
