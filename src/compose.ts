/**
 * The one place where services are built: from the store, the rubrics, a clock
 * and an id source. The server, the test helper and the command line all call
 * this, so a service is wired the same way wherever it runs. Nothing here reads
 * the environment or imports the web layer (the command line uses it too).
 */
import type { Store } from './core/ports.ts';
import type { RubricRegistry } from './core/rubric/registry.ts';
import { createAssessmentService } from './core/assessment/assessment-service.ts';
import { createRoundService } from './core/rounds/round-service.ts';
import { createSharingService } from './core/sharing/sharing-service.ts';
import { newId as randomId, newToken as randomToken } from './platform/ids.ts';

export interface Wiring {
  store: Store;
  rubrics: RubricRegistry;
  /** The clock; the real one unless a test fixes it. */
  now?: () => Date;
  /** Record ids (assessments, organisations, rounds). */
  newId?: () => string;
  /** Share-link and invitation tokens. */
  newToken?: () => string;
}

export function composeServices({ store, rubrics, now = () => new Date(), newId = randomId, newToken = randomToken }: Wiring) {
  return {
    rubrics,
    now,
    assessments: createAssessmentService({ store, rubrics, now, newId }),
    rounds: createRoundService({ store, rubrics, now, newId, newToken }),
    sharing: createSharingService({ store, now, newToken }),
    /** The settings port alone (the consultant key's hash lives there). */
    settings: { getSetting: (key: string) => store.getSetting(key), setSetting: (key: string, value: string) => store.setSetting(key, value) },
  };
}

export type Services = ReturnType<typeof composeServices>;
