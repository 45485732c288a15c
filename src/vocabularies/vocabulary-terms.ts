import type { VocabularyKind } from './vocabulary-term.entity';

/**
 * The terms of the BBSR deck (shared/data/bbsr-deck.txt), seeded by migration
 * 1796000000000-StrategyCascade. Codes are stable and never change; labels are
 * the deck's German wording.
 */
export const DECK_TERMS: Record<VocabularyKind, [code: string, label: string][]> = {
  quality: [
    ['lebenswert_liebenswert', 'lebenswert & liebenswert'],
    ['partizipativ_inklusiv', 'partizipativ & inklusiv'],
    ['klimaneutral_ressourceneffizient', 'klimaneutral & ressourceneffizient'],
    ['wettbewerbsfaehig_florierend', 'wettbewerbsfähig & florierend'],
    ['aufgeschlossen_innovativ', 'aufgeschlossen & innovativ'],
    ['sicher_raumgebend', 'sicher & raumgebend'],
    ['vielfaeltig_offen', 'vielfältig & offen'],
    ['responsiv_sensitiv', 'responsiv & sensitiv'],
  ],
  guideline: [
    ['zielorientiert_nutzen', 'Daten zielorientiert nutzen'],
    ['datenkompetenz', 'Datenkompetenz aufbauen und weiterentwickeln'],
    ['werteorientiert', 'Mit Daten werteorientiert umgehen'],
    ['zugang', 'Zugang zu Daten schaffen'],
    ['wertschoepfung', 'Durch Daten kommunale Wertschöpfung schaffen, Daseinsvorsorge stärken und kommunale Geschäftsmodelle ermöglichen'],
    ['datenkooperationen', 'Durch Datenkooperationen einen Mehrwert für die gemeinwohlorientierte Stadtentwicklung schaffen'],
    ['transparenz_partizipation', 'Transparenz herstellen, Partizipation & Ko-Kreation ermöglichen'],
  ],
  value: [
    ['freiheit', 'Freiheit'],
    ['transparenz', 'Transparenz'],
    ['beteiligung', 'Beteiligung'],
    ['teilhabe', 'Teilhabe'],
    ['zugang', 'Zugang'],
    ['selbstverwaltung', 'Selbstverwaltung'],
    ['datenhoheit', 'Datenhoheit'],
    ['nachhaltigkeit', 'Nachhaltigkeit'],
    ['daseinsvorsorge', 'Daseinsvorsorge'],
    ['gerechtigkeit', 'Gerechtigkeit'],
    ['gemeinwohlorientierung', 'Gemeinwohlorientierung'],
    ['ko_kreation', 'Ko-Kreation'],
    ['datensouveraenitaet', 'Datensouveränität'],
    ['wertschoepfung', 'Wertschöpfung'],
    ['ressourceneffizienz', 'Ressourceneffizienz'],
    ['resilienz', 'Resilienz'],
  ],
  fieldOfAction: [
    ['digitale_daseinsvorsorge', 'Digitale Daseinsvorsorge'],
    ['zukunftsfaehige_mobilitaet', 'Zukunftsfähige Mobilität'],
    ['risikopraevention_resilienz', 'Intelligente Risikoprävention / Resilienz'],
    ['it_sicherheit', 'IT-Sicherheit'],
    ['datenstrategie_datenplattform', 'Datenstrategie und Datenplattform'],
  ],
};
