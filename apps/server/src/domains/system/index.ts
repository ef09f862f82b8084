export { registerSystemRoutes } from './system.routes.ts';
export { createSystemService, type SystemService } from './system.service.ts';
