import { useState, type FormEvent } from 'react';
import { Button } from '../../components/forms';
import { PartText } from './describe';
import { fromServer, PARTS, samePart, type Draft, type Part, type Report } from './model';
import { texts } from './texts';

/*
 * 409: the user's text and the server's, side by side, part by part; the user picks one per part (their own is
 * preselected, so a hasty click loses nothing typed). Parts that agree are not asked about.
 */
export function ConflictView({ mine, server, onResolve }: { mine: Draft; server: Report; onResolve: (choice: Record<Part, 'mine' | 'theirs'>) => void }) {
  const theirs = fromServer(server);
  const differing = PARTS.filter((part) => !samePart(mine, theirs, part));
  const [choice, setChoice] = useState<Record<Part, 'mine' | 'theirs'>>(() => Object.fromEntries(PARTS.map((p) => [p, 'mine'])) as Record<Part, 'mine' | 'theirs'>);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    onResolve(choice);
  };
  return (
    <section aria-labelledby="konflikt-titel" className="conflict">
      <h2 id="konflikt-titel" className="kern-heading-large" tabIndex={-1}>{texts.conflict.title}</h2>
      <p className="kern-body">{texts.conflict.intro}</p>
      <form onSubmit={apply}>
        {differing.map((part) => (
          <fieldset key={part} className="kern-fieldset conflict__part">
            <legend className="kern-label">{texts.conflict.choose(texts.partLabels[part])}</legend>
            <div className="conflict__columns">
              <Choice part={part} side="mine" label={texts.conflict.mine} draft={mine} choice={choice} setChoice={setChoice} />
              <Choice part={part} side="theirs" label={texts.conflict.theirs} draft={theirs} choice={choice} setChoice={setChoice} />
            </div>
          </fieldset>
        ))}
        <button type="submit" className="kern-btn kern-btn--primary"><span className="kern-label">{texts.conflict.apply}</span></button>
      </form>
    </section>
  );
}

interface ChoiceProps {
  part: Part;
  side: 'mine' | 'theirs';
  label: string;
  draft: Draft;
  choice: Record<Part, 'mine' | 'theirs'>;
  setChoice: (choice: Record<Part, 'mine' | 'theirs'>) => void;
}

function Choice({ part, side, label, draft, choice, setChoice }: ChoiceProps) {
  const id = `wahl-${part}-${side}`;
  return (
    <div className={`conflict__column${choice[part] === side ? ' conflict__column--chosen' : ''}`}>
      <div className="kern-form-check">
        <input id={id} className="kern-form-check__radio" type="radio" name={`wahl-${part}`} checked={choice[part] === side} onChange={() => setChoice({ ...choice, [part]: side })} />
        <label className="kern-label" htmlFor={id}>{label}</label>
      </div>
      <PartText draft={draft} part={part} />
    </div>
  );
}
