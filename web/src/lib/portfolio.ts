import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './api-client';
import type { components } from '../api/schema';

/* Public reference data every feature needs (Staffeln, categories, Länder): one query each, shared by key. */
export type Programme = components['schemas']['ProgrammeDto'];
export type Round = components['schemas']['RoundDto'];
export type Category = components['schemas']['CategoryDto'];
export type State = components['schemas']['StateDto'];
export type Project = components['schemas']['ProjectDto'];

const long = { staleTime: 5 * 60_000 };

export const useProgramme = () =>
  useQuery({ queryKey: ['programme'], queryFn: async () => unwrap(await api.GET('/api/v1/programme')), ...long });
export const useRounds = () =>
  useQuery({ queryKey: ['rounds'], queryFn: async () => unwrap(await api.GET('/api/v1/rounds')), ...long });
export const useCategories = () =>
  useQuery({ queryKey: ['categories'], queryFn: async () => unwrap(await api.GET('/api/v1/categories')), ...long });
export const useStates = () =>
  useQuery({ queryKey: ['states'], queryFn: async () => unwrap(await api.GET('/api/v1/states')), ...long });

/** German labels of the project status and phase (the API speaks codes). */
export const STATUS_LABELS: Record<Project['status'], string> = {
  active: 'laufend',
  completed: 'abgeschlossen',
  withdrawn: 'zurückgezogen',
};
export const PHASE_LABELS: Record<Project['phase'], string> = {
  A: 'Phase A (Strategie)',
  B: 'Phase B (Umsetzung)',
};

/** One project by slug (or id), as the public API serves it; shared by the project page and its ledger. */
export function useProject(slug: string) {
  return useQuery({
    queryKey: ['project', slug],
    queryFn: async () => unwrap(await api.GET('/api/v1/projects/{id}', { params: { path: { id: slug } } })),
  });
}
