// @sentry/browser with its defaults: errors (global handlers, breadcrumbs, dedupe), no tracing, no replay.
import * as Sentry from '@sentry/browser';

Sentry.init({ dsn: `http://publickey@${location.host}/1`, release: 'bench' });
