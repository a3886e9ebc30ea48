// Every table, one file per area. drizzle-kit reads this file to generate migrations/.
export * from './consent'
export * from './events'
export * from './privacy'
export * from './profiles'
export * from './rollups'
export * from './sites'
export * from './sources'
export * from './surveys'
