import type { InferOutput } from 'valibot';
import type { ScalingAnswer as ScalingAnswerSchema } from '../../../server/src/routes/operations-responses.ts';
import { formatTime } from '../components/format.ts';
import { Panel } from '../components/panel.tsx';
import { TableHead } from '../components/table-head.tsx';
import { useApi } from '../use-api.ts';

/** What `GET /api/infrastructure/scaling` answers, as its strict response schema says. */
type ScalingAnswer = InferOutput<typeof ScalingAnswerSchema>;

/**
 * Scaling: each policy from SCALING_POLICIES_FILE with its threshold, bounds and the replicas it wants now (what
 * `insights_desired_replicas` tells an autoscaler), and the history of decisions with their reasons.
 */
export function ScalingPanel() {
  const scaling = useApi<ScalingAnswer>('/infrastructure/scaling', { limit: 50 });
  return (
    <Panel
      title="Scaling"
      state={scaling}
      wide
      isEmpty={(data) => data.policies.length === 0 && data.decisions.length === 0}
      empty="No scaling policies: set SCALING_POLICIES_FILE (see docs/operations.md, “Scaling automation”) and restart."
      actions={
        <button type="button" onClick={scaling.reload}>
          Refresh
        </button>
      }
    >
      {(data) => (
        <>
          <PolicyTable policies={data.policies} desiredReplicas={data.desiredReplicas} />
          <DecisionTable decisions={data.decisions} />
        </>
      )}
    </Panel>
  );
}

/** Each policy's threshold, bounds and cooldown, with the replicas it wants now (its minimum until it decides). */
function PolicyTable({ policies, desiredReplicas }: Pick<ScalingAnswer, 'policies' | 'desiredReplicas'>) {
  return (
    <table class="data">
      <caption>Policies and desired replicas now</caption>
      <TableHead columns={['Policy', 'Metric', 'Scale out over', 'Scale in under', 'For', 'Replicas', 'Desired now']} />
      <tbody>
        {policies.map((policy) => (
          <tr key={policy.name} data-policy={policy.name}>
            <td>{policy.name}</td>
            <td>{policy.metric}</td>
            <td>{policy.threshold}</td>
            <td>{policy.scaleInThreshold ?? policy.threshold / 2}</td>
            <td>
              {policy.durationSeconds} s, then {policy.cooldownSeconds} s cooldown
            </td>
            <td>
              {policy.minReplicas}–{policy.maxReplicas}
            </td>
            <td data-figure="desired-replicas">
              <strong>{desiredReplicas[policy.name] ?? policy.minReplicas}</strong>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The history of decisions, newest first, with their reasons; until the first, a line saying when one comes. */
function DecisionTable({ decisions }: Pick<ScalingAnswer, 'decisions'>) {
  if (!decisions.length)
    return (
      <p class="muted">
        No scaling decision yet: a policy decides once its metric stays past a threshold for its duration.
      </p>
    );
  return (
    <table class="data">
      <caption>Decisions, newest first</caption>
      <TableHead columns={['When', 'Policy', 'Replicas', 'Reason']} />
      <tbody>
        {decisions.map((decision) => (
          <tr key={decision.id} data-decision={decision.id}>
            <td>{formatTime(decision.at)}</td>
            <td>{decision.policy}</td>
            <td>
              {decision.from} → {decision.to}
            </td>
            <td>{decision.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
