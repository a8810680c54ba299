/** 知识库同步文案 — every key here must exist in en/kb-sync.ts. */
export const kbSync = {
  'kbSync.syncNow': '立即同步',
  'kbSync.syncNow.title': '从中心获取最新的知识库',
  'kbSync.phase.checking': '检查更新',
  'kbSync.phase.downloading': '下载',
  'kbSync.phase.applying': '写入',
  'kbSync.phase.optimizing': '优化索引',
  'kbSync.progress': '知识库同步进度',
  'kbSync.error': '同步出错',
  'kbSync.error.untrusted': '知识库签名不符，已拒收，仍用本机知识库',
  'kbSync.error.refused': '中心发布会删去大半知识库，已拒收，仍用本机知识库',
  'kbSync.offlineHint': '无法连接知识库中心，正在使用本机缓存：{error}',
};
