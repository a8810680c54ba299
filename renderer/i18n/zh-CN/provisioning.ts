/** 集中配置与设置导出/导入 — every key here must exist in en/provisioning.ts. */
export const provisioning = {
  'provisioning.title': '集中配置与导出/导入',
  'provisioning.none': '本座席未使用集中配置（启动时可用 --provision 指定中心的配置文件或地址）。',
  'provisioning.source': '集中配置：{source}，已应用第 {revision} 版。',
  'provisioning.lastCheckFailed': '上次检查未应用：{message}',
  'provisioning.seatCode': '座席代码',
  'provisioning.seatCodeHint': '中心配置文件按座席代码选出本座席的设置；留空则按主机名 {hostname}。只需填写一次。',
  'provisioning.seatCodeSave': '保存座席代码',
  'provisioning.export': '导出本座席设置',
  'provisioning.import': '导入设置文件…',
  'provisioning.exported': '已导出 {fileName}（不含密码和音频设备）。',
  'provisioning.imported': '已导入设置文件。',
  'provisioning.failed': '未能导出/导入：{message}',
  'provisioning.notJson': '文件不是 JSON：{error}',
} as const;
