/** The Helm release handler: its class, settings, tokens and the shutdown hook. */
export { HelmReleaseHandler, HELM_RELEASE_SETTINGS, HELM_CLI, HELM_KUBECONFIG, DRIFT_TIMER_SECONDS } from './helm-release-handler.js';
export { HelmCli, HelmCommandError, terminateAll, resolveHelmKubeconfig, type HelmCliOptions } from './helm-cli.js';
export { defaultHelmReleaseSettings, embeddedChartPath, type HelmReleaseSettings } from './release-settings.js';
export { buildReleaseValues } from './release-values.js';
export { releaseInputsHash } from './inputs-hash.js';
export { summarizeReady, RELEASED, READY } from './release-conditions.js';
export { TAKE_OWNERSHIP_ANNOTATION } from './release-driver.js';
export { ReadyConditionHandler, READY_RECHECK_SECONDS } from './ready-condition-handler.js';
