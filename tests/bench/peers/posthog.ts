// posthog-js as its docs tell a customer to install it from npm: analytics with autocapture and page views.
// Its extensions (recorder, surveys, exception capture) load later from the API host, here the bench sink, which
// serves none of them: so this is posthog-js's core cost, a lower bound of what a customer pays.
import posthog from 'posthog-js';

posthog.init('phc_bench_project_key', { api_host: location.origin, person_profiles: 'identified_only' });
