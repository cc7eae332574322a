import type { Candidate, PieceFacts } from './notification.rules.js';

/** An account as notifications need it: who, in which role and state, and where to mail. */
export interface DirectoryAccount extends Candidate {
  email: string;
  displayName: string;
}

/** A piece waiting in a workflow state longer than the SLA allows. */
export interface OverduePiece {
  articleId: string;
  status: string;
  since: Date;
  waitedMs: number;
  budgetMs: number;
}

/**
 * Where notifications learn about accounts, pieces and the workflow's SLA. This lib reads
 * none of those tables: the app binds the port to the owning libs' exported services.
 */
export abstract class NotificationDirectory {
  /** The piece with its owner, state and the accounts linked to its bylines; null if there is none. */
  abstract piece(articleId: string): Promise<PieceFacts | null>;
  /** Every active editor and admin. */
  abstract staff(): Promise<DirectoryAccount[]>;
  /** These accounts, in any state (unknown ids are left out). */
  abstract accounts(ids: readonly string[]): Promise<DirectoryAccount[]>;
  /** The accounts with these (normalized) e-mail addresses. */
  abstract accountsByEmail(emails: readonly string[]): Promise<DirectoryAccount[]>;
  /** Pieces over their workflow SLA right now. */
  abstract overduePieces(): Promise<OverduePiece[]>;
}
