// @growthbook/growthbook as a customer runs it in the browser: features fetched from the API host, evaluated
// locally, exposures handed to the tracking callback (which a customer would forward to analytics).
import { GrowthBook } from '@growthbook/growthbook';

const exposures: string[] = [];
const growthbook = new GrowthBook({
  apiHost: location.origin,
  clientKey: 'sdk-bench',
  attributes: { id: 'bench-user', url: location.href },
  trackingCallback: (experiment, result) => {
    exposures.push(`${experiment.key}:${result.key}`);
  },
});
void growthbook.init({ timeout: 2000 }).then(() => growthbook.isOn('new-pipeline'));
