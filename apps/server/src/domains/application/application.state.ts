import type { ApplicationAction, ApplicationState } from '@anzheng/contracts';

/**
 * 报考申请状态机 — the allowed transitions as data (Documenso style: an explicit table,
 * one pure function). Who may fire a transition is the policy's business
 * (application.policy.ts); this file only knows states.
 *
 *   draft ──submit──▶ submitted ──start-review──▶ under_review ──approve──▶ approved
 *                        ▲                          │  └──────reject──▶ rejected
 *   returned ──submit────┘  ◀────────return─────────┘
 */
export interface Transition {
  action: ApplicationAction;
  from: readonly ApplicationState[];
  to: ApplicationState;
  /** Return and reject must say why (REQ-APP-4: every decision states its reason). */
  reasonRequired: boolean;
}

export const TRANSITIONS: readonly Transition[] = [
  { action: 'submit', from: ['draft', 'returned'], to: 'submitted', reasonRequired: false },
  { action: 'start-review', from: ['submitted'], to: 'under_review', reasonRequired: false },
  { action: 'return', from: ['under_review'], to: 'returned', reasonRequired: true },
  { action: 'approve', from: ['under_review'], to: 'approved', reasonRequired: false },
  { action: 'reject', from: ['under_review'], to: 'rejected', reasonRequired: true },
];

/** The target state of `action` from `state`, or undefined when the transition is illegal. */
export function nextState(state: ApplicationState, action: ApplicationAction): ApplicationState | undefined {
  return TRANSITIONS.find((t) => t.action === action && t.from.includes(state))?.to;
}

/** Actions that are legal from `state` (whoever asks). */
export function allowedActions(state: ApplicationState): ApplicationAction[] {
  return TRANSITIONS.filter((t) => t.from.includes(state)).map((t) => t.action);
}

export function transitionOf(action: ApplicationAction): Transition {
  return TRANSITIONS.find((t) => t.action === action)!;
}

/** Decided applications are closed: no transition, no new documents. */
export function isClosed(state: ApplicationState): boolean {
  return allowedActions(state).length === 0;
}
