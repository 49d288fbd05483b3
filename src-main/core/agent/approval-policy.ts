import type { SessionSummary, ToolRef } from '../../../src-shared/lmc';
import type { Settings } from '../../../src-shared/settings';
import type { KernelLanguage } from '../exec/types';
import { findDestructivePatterns } from './destructive-patterns';

/**
 * Where Switchboard decides whether a proposed block may run without asking. This file is the
 * one place for that rule; AgentService only carries out the verdict.
 *
 * The order, strictest first:
 * 1. Code matching a destructive pattern (destructive-patterns.ts) always waits for a person,
 *    flagged in red, whatever the mode — a warning, not a sandbox.
 * 2. Otherwise a `RunPermission` decides: by default the mode in Settings → General
 *    (`open_interpreter_auto_run`: Ask every time / Auto-run). Other rules plug in here, e.g.
 *    code from sessions started over the local API (`session.source === 'api'`) waiting for
 *    approval in the window and being declined after `api_approval_timeout_seconds` unless
 *    `api_allow_code_execution` is on.
 *
 * Calls of MCP servers' tools go through the same policy (`tool` set, `code` their JSON
 * arguments): the same mode decides, and a tool ticked "Always allow" (`mcp_always_allow`) runs
 * without asking in the window — never for a turn started over the local API.
 */

/** A block about to run, as the policy sees it. */
export interface BlockUnderReview {
  /** Who started the turn: the person in the window, or a caller of the local HTTP API. */
  origin: 'app' | 'api';
  session: SessionSummary;
  /** The kernel the code runs in; `tool` for a call of an MCP server's tool. */
  language: KernelLanguage | 'tool';
  /** The code exactly as proposed (a tool call's JSON arguments). */
  code: string;
  /** The MCP tool called, when this is a tool call. */
  tool?: ToolRef;
  settings: Settings;
}

/** How a waiting block is presented and how long it may wait. */
export interface AskOptions {
  /** Shown on the block when it waits although Auto-run is on. */
  reason?: string;
  /** Declined ("I have declined to run this code.") when nobody answers within this many ms. */
  declineAfterMs?: number;
}

/** What must happen before a block runs. */
export type ApprovalVerdict =
  | { action: 'run' }
  | ({ action: 'ask'; /** Destructive patterns matched (empty: none). */ warnings: string[] } & AskOptions);

/** Decides run-or-ask for a block that matched no destructive pattern. */
export type RunPermission = (block: BlockUnderReview) => { action: 'run' } | ({ action: 'ask' } & AskOptions);

/** The policy AgentService consults for every block. */
export type ApprovalPolicy = (block: BlockUnderReview) => ApprovalVerdict;

/**
 * The settings' rule. In the window, Settings → General decides: Auto-run runs every block,
 * Ask every time (the default) asks for each. For a turn started over the local API only
 * "API may run code without approval" (`api_allow_code_execution`) lets a block run; otherwise
 * it waits for approval in the window and is declined after `api_approval_timeout_seconds` —
 * so no API caller can borrow the window's Auto-run.
 */
export const settingsPermission: RunPermission = (block) => {
  if (block.origin === 'api') {
    if (block.settings.api_allow_code_execution) return { action: 'run' };
    return {
      action: 'ask',
      reason: 'Sent over the local API: it runs only if you approve it here.',
      declineAfterMs: block.settings.api_approval_timeout_seconds * 1000,
    };
  }
  if (block.tool && block.settings.mcp_always_allow.includes(block.tool.name)) return { action: 'run' };
  return block.settings.open_interpreter_auto_run ? { action: 'run' } : { action: 'ask' };
};

/**
 * Builds the policy: destructive patterns always ask (with their warnings); everything else is
 * up to `permission` (default: the Auto-run setting).
 */
export function createApprovalPolicy(permission: RunPermission = settingsPermission): ApprovalPolicy {
  return (block) => {
    const warnings = findDestructivePatterns(block.code);
    if (warnings.length > 0) {
      const autoRun = permission(block).action === 'run';
      return {
        action: 'ask',
        warnings,
        ...(autoRun
          ? { reason: 'Auto-run is on, but this block waits because it matches a destructive pattern.' }
          : {}),
      };
    }
    const verdict = permission(block);
    return verdict.action === 'run' ? verdict : { ...verdict, warnings: [] };
  };
}
