/** A SIMULATED git host (Gitea API v1 or GitHub REST API) over a real repository: see server.ts. */
export {
	startGitHost,
	type GitHost,
	type GitHostOptions,
	type HostKind,
	type RequestRecord,
} from './server.ts';
export { GitRepo } from './git.ts';
