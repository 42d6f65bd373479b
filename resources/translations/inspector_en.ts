<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AddDepartmentDialog</name>
    <message>
        <source>添加单位</source>
        <translation>Add department</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>AnalyticsDialog</name>
    <message>
        <source>检查分析</source>
        <translation>Inspection analysis</translation>
    </message>
    <message>
        <source>按章节</source>
        <translation>By section</translation>
    </message>
    <message>
        <source>按条款</source>
        <translation>By article</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Departments</translation>
    </message>
    <message>
        <source>检查结论</source>
        <translation>Verdicts</translation>
    </message>
    <message>
        <source>行：</source>
        <translation>Rows:</translation>
    </message>
    <message>
        <source>列：</source>
        <translation>Columns:</translation>
    </message>
    <message>
        <source>从下发整改通知书到核验（中位数）</source>
        <translation>From notice to verification (median)</translation>
    </message>
    <message>
        <source>已核验问题</source>
        <translation>Findings verified</translation>
    </message>
    <message>
        <source>尚待整改</source>
        <translation>Still to rectify</translation>
    </message>
    <message>
        <source>逾期未整改</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>问题分级</source>
        <translation>Findings by severity</translation>
    </message>
    <message>
        <source>失泄密隐患（第三十三条）</source>
        <translation>Risk of leaking secrets (art. 33)</translation>
    </message>
    <message>
        <source>违法行为（第三十三条）</source>
        <translation>Unlawful conduct (art. 33)</translation>
    </message>
    <message>
        <source>同一单位的同一检查项在此前的检查计划中已判为“不符合”。双击打开此问题。</source>
        <translation>The same checklist item was found non-compliant for the same department in an earlier plan. Double-click to open the finding.</translation>
    </message>
    <message>
        <source>问题分布</source>
        <translation>Where problems were found</translation>
    </message>
    <message>
        <source>符合率</source>
        <translation>Compliance</translation>
    </message>
    <message>
        <source>整改时效与问题分级</source>
        <translation>Timeliness and severity</translation>
    </message>
    <message>
        <source>重复问题</source>
        <translation>Repeat findings</translation>
    </message>
    <message>
        <source>检查分析 — {plan}</source>
        <translation>Inspection analysis — {plan}</translation>
    </message>
    <message>
        <source>尚无判定</source>
        <translation>no verdicts yet</translation>
    </message>
    <message>
        <source>{plan}：{n} 个被检查单位，符合率 {rate}（符合 {ok} / 已判定 {answered}，不含不适用），</source>
        <translation>{plan}: {n} departments, compliance {rate} ({ok} compliant of {answered} answered, not applicable excluded); </translation>
    </message>
    <message>
        <source>逾期未整改 {overdue} 项，重复问题 {repeats} 项。</source>
        <translation>overdue: {overdue}, repeat findings: {repeats}.</translation>
    </message>
    <message>
        <source>各单位符合率</source>
        <translation>Compliance by department</translation>
    </message>
    <message>
        <source>各章节符合率</source>
        <translation>Compliance by section</translation>
    </message>
    <message>
        <source>{n} 天</source>
        <translation>{n} days</translation>
    </message>
    <message>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <source>{n} 项</source>
        <translation>{n}</translation>
    </message>
    <message>
        <source>{n} 项，共逾期 {total} 天，最长 {max} 天</source>
        <translation>{n}, {total} days overdue in all, longest {max} days</translation>
    </message>
    <message>
        <source>一般 {general} 项，较大 {major} 项，重大 {critical} 项</source>
        <translation>general {general}, major {major}, critical {critical}</translation>
    </message>
    <message>
        <source>待报告 {todo} 项，已报告 {done} 项</source>
        <translation>{todo} to report, {done} reported</translation>
    </message>
    <message>
        <source>待移送 {todo} 项，已移送 {done} 项</source>
        <translation>{todo} to refer, {done} referred</translation>
    </message>
    <message>
        <source>各检查结论的检查项数</source>
        <translation>Items per verdict</translation>
    </message>
    <message>
        <source>不符合与部分符合项数</source>
        <translation>Items non-compliant or partly compliant</translation>
    </message>
    <message>
        <source>问题分布（章节×单位）</source>
        <translation>Problems by section × department</translation>
    </message>
    <message>
        <source>问题分布（章节×检查结论）</source>
        <translation>Problems by section × verdict</translation>
    </message>
    <message>
        <source>问题分布（条款×检查结论）</source>
        <translation>Problems by article × verdict</translation>
    </message>
    <message>
        <source>第{n}条</source>
        <translation>Art. {n}</translation>
    </message>
    <message>
        <source>符合</source>
        <translation>Compliant</translation>
    </message>
    <message>
        <source>部分符合</source>
        <translation>Partly compliant</translation>
    </message>
    <message>
        <source>不符合</source>
        <translation>Non-compliant</translation>
    </message>
    <message>
        <source>不适用</source>
        <translation>Not applicable</translation>
    </message>
    <message>
        <source>问题分布（条款×单位）</source>
        <translation>Problems by article × department</translation>
    </message>
</context>
<context>
    <name>ArticlesEditor</name>
    <message>
        <source>选择要添加的条款</source>
        <translation>Choose an article to add</translation>
    </message>
    <message>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>移除所选</source>
        <translation>Remove selected</translation>
    </message>
</context>
<context>
    <name>ArticlesModel</name>
    <message>
        <source>条号</source>
        <translation>Article</translation>
    </message>
    <message>
        <source>章</source>
        <translation>Chapter</translation>
    </message>
    <message>
        <source>条文</source>
        <translation>Text</translation>
    </message>
</context>
<context>
    <name>BoardDialog</name>
    <message>
        <source>进度看板 — {plan}</source>
        <translation>Campaign board — {plan}</translation>
    </message>
    <message>
        <source>进度看板</source>
        <translation>Campaign board</translation>
    </message>
    <message>
        <source>本计划每个被检查单位在第三十二条各环节的进度：检查通知、自查表、实地检查、整改通知书、问题整改、复查。红色为逾期，蓝色为进行中，绿色为已完成。双击一行打开该单位的现场检查（尚无检查时打开该单位）。</source>
        <translation>Where each department of this plan stands in the stages of art. 32: inspection notice, self-report, on-site inspection, rectification notice, findings, review. Red is late, blue in progress, green done. Double-click a row to open the department&apos;s inspection (or the department, if it has none yet).</translation>
    </message>
    <message>
        <source>按单位名称筛选</source>
        <translation>Filter by department name</translation>
    </message>
    <message>
        <source>全部单位</source>
        <translation>All departments</translation>
    </message>
    <message>
        <source>有逾期环节</source>
        <translation>With a late stage</translation>
    </message>
    <message>
        <source>有进行中环节</source>
        <translation>With a stage in progress</translation>
    </message>
    <message>
        <source>尚未开始</source>
        <translation>Not started yet</translation>
    </message>
    <message>
        <source>全部完成</source>
        <translation>All done</translation>
    </message>
    <message>
        <source>导出 xlsx…</source>
        <translation>Export xlsx…</translation>
    </message>
    <message>
        <source>检查情况通报…</source>
        <translation>Campaign report…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>显示 {shown} / {n} 个单位。检查通知已签发 {notices}，自查表已返回 {returned}，已完成实地检查 {inspected}，整改通知书已签发 {rect}；问题 {findings} 项，未整改 {open}，已报整改 {reported}，已核验 {verified}，逾期 {overdue}。</source>
        <translation>Showing {shown} of {n} departments. Inspection notices issued {notices}, self-reports returned {returned}, inspected {inspected}, rectification notices issued {rect}; {findings} findings: open {open}, reported {reported}, verified {verified}, overdue {overdue}.</translation>
    </message>
    <message>
        <source>{plan}-进度看板</source>
        <translation>{plan}-campaign board</translation>
    </message>
    <message>
        <source>检查计划</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>导出进度看板</source>
        <translation>Export the campaign board</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>已导出：{path}</source>
        <translation>Exported: {path}</translation>
    </message>
</context>
<context>
    <name>BoardModel</name>
    <message>
        <source>被检查单位</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>计划检查日期</source>
        <translation>Scheduled</translation>
    </message>
    <message>
        <source>检查通知</source>
        <translation>Inspection notice</translation>
    </message>
    <message>
        <source>自查表</source>
        <translation>Self-report</translation>
    </message>
    <message>
        <source>实地检查</source>
        <translation>On-site inspection</translation>
    </message>
    <message>
        <source>整改通知书</source>
        <translation>Rectification notice</translation>
    </message>
    <message>
        <source>问题
未整改/已报/已核验/逾期</source>
        <translation>Findings
open/reported/verified/late</translation>
    </message>
    <message>
        <source>复查</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>未开始</source>
        <translation>Not started</translation>
    </message>
    <message>
        <source>进行中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>逾期</source>
        <translation>Late</translation>
    </message>
    <message>
        <source>未起草</source>
        <translation>Not drafted</translation>
    </message>
    <message>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>已返回 {day}
差异计算中…</source>
        <translation>Returned {day}
counting discrepancies…</translation>
    </message>
    <message>
        <source>已返回 {day}
差异 {n} 项</source>
        <translation>Returned {day}
{n} discrepancies</translation>
    </message>
    <message>
        <source>已发出，未返回</source>
        <translation>Sent, not returned</translation>
    </message>
    <message>
        <source>未发出</source>
        <translation>Not sent</translation>
    </message>
    <message>
        <source>计划中</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>，期限 {day}</source>
        <translation>, due {day}</translation>
    </message>
    <message>
        <source>期限 {day}</source>
        <translation>due {day}</translation>
    </message>
    <message>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <source>{total} 项
{open}/{reported}/{verified}/{overdue}</source>
        <translation>{total} in all
{open}/{reported}/{verified}/{overdue}</translation>
    </message>
    <message>
        <source>未出具复查意见书</source>
        <translation>No review letter yet</translation>
    </message>
    <message>
        <source>予以销号</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>组织复查</source>
        <translation>Inspect again</translation>
    </message>
    <message>
        <source>组织复查 {day}</source>
        <translation>Inspect again {day}</translation>
    </message>
    <message>
        <source>已复查 {day}</source>
        <translation>Re-inspected {day}</translation>
    </message>
    <message>
        <source>复查进行中</source>
        <translation>Re-inspection in progress</translation>
    </message>
    <message>
        <source>复查已安排 {day}</source>
        <translation>Re-inspection scheduled {day}</translation>
    </message>
    <message>
        <source>复查已安排</source>
        <translation>Re-inspection scheduled</translation>
    </message>
    <message>
        <source>未定</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>（逾期）</source>
        <translation>(late)</translation>
    </message>
    <message>
        <source>未整改 {open} 项，已报整改 {reported} 项，已核验 {verified} 项，逾期 {overdue} 项</source>
        <translation>{open} open, {reported} reported, {verified} verified, {overdue} overdue</translation>
    </message>
    <message>
        <source>签发日期：{day}</source>
        <translation>Issued: {day}</translation>
    </message>
    <message>
        <source>现场复查：{state}</source>
        <translation>On-site re-inspection: {state}</translation>
    </message>
    <message>
        <source>现场复查：未安排</source>
        <translation>On-site re-inspection: not scheduled</translation>
    </message>
</context>
<context>
    <name>BundleHistoryModel</name>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>方向</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>对方</source>
        <translation>With</translation>
    </message>
    <message>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>办公室已接收</source>
        <translation>Office received</translation>
    </message>
    <message>
        <source>未确认</source>
        <translation>Unconfirmed</translation>
    </message>
    <message>
        <source>新增 {n}</source>
        <translation>{n} new</translation>
    </message>
    <message>
        <source>更新 {n}</source>
        <translation>{n} updated</translation>
    </message>
    <message>
        <source>冲突 {n}</source>
        <translation>{n} in conflict</translation>
    </message>
    <message>
        <source>无变化 {n}</source>
        <translation>{n} unchanged</translation>
    </message>
    <message>
        <source>没有记录</source>
        <translation>no records</translation>
    </message>
    <message>
        <source>记录 {records} 条</source>
        <translation>records: {records}</translation>
    </message>
    <message>
        <source> · 证据文件 {n} 个</source>
        <translation> · evidence files: {n}</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Imported</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Exported</translation>
    </message>
    <message>
        <source>来自 {name}</source>
        <translation>from {name}</translation>
    </message>
    <message>
        <source>发给 {name}</source>
        <translation>to {name}</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>（有提醒）</source>
        <translation> (with warnings)</translation>
    </message>
    <message>
        <source>办公室集中库的收讫回执确认已收到此交换文件（{time}）。</source>
        <translation>The office hub&apos;s acknowledgement confirms it holds this bundle ({time}).</translation>
    </message>
    <message>
        <source>办公室集中库的收讫回执尚未确认收到此交换文件；如果一直未确认，请重新发送给办公室。</source>
        <translation>No acknowledgement from the office hub has confirmed this bundle yet; if it stays unconfirmed, send it to the office again.</translation>
    </message>
    <message>
        <source>本机还没有导入过办公室集中库的收讫回执。</source>
        <translation>This vault has not imported an acknowledgement from the office hub yet.</translation>
    </message>
    <message>
        <source>生成时间：{time}</source>
        <translation>Made: {time}</translation>
    </message>
    <message>
        <source>导入时的提醒：</source>
        <translation>Warnings on import:</translation>
    </message>
</context>
<context>
    <name>CalendarDialog</name>
    <message>
        <source>检查日历</source>
        <translation>Inspection calendar</translation>
    </message>
    <message>
        <source>“检”：计划检查的单位数；“复”：计划复查数；“限”：整改期限到期的通知书和问题数。双击下方事项打开。</source>
        <translation>Insp.: departments to inspect that day; Re-insp.: re-inspections planned that day; Due: notices and findings whose rectification deadline falls that day. Double-click an event below to open it.</translation>
    </message>
    <message>
        <source>{day}：{n} 项</source>
        <translation>{day}: {n}</translation>
    </message>
    <message>
        <source>{day}：没有安排</source>
        <translation>{day}: nothing scheduled</translation>
    </message>
</context>
<context>
    <name>CandidateFindingsModel</name>
    <message>
        <source>{title}（{severity}）</source>
        <translation>{title} ({severity})</translation>
    </message>
    <message>
        <source>整改期限：{deadline}</source>
        <translation>Deadline: {deadline}</translation>
    </message>
</context>
<context>
    <name>ChangePassphraseDialog</name>
    <message>
        <source>更改恢复口令</source>
        <translation>Change Recovery Passphrase</translation>
    </message>
    <message>
        <source>新恢复口令：</source>
        <translation>New recovery passphrase:</translation>
    </message>
    <message>
        <source>更改后，旧的备份仍需用旧口令恢复。</source>
        <translation>After the change, older backups still need the old passphrase to be restored.</translation>
    </message>
    <message>
        <source>更改口令</source>
        <translation>Change passphrase</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>当前恢复口令：</source>
        <translation>Current recovery passphrase:</translation>
    </message>
    <message>
        <source>请输入当前恢复口令。</source>
        <translation>Enter the current recovery passphrase.</translation>
    </message>
    <message>
        <source>正在更改恢复口令…</source>
        <translation>Changing the recovery passphrase…</translation>
    </message>
</context>
<context>
    <name>ChangesTableModel</name>
    <message>
        <source>问题</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>更正事项</source>
        <translation>What is corrected</translation>
    </message>
    <message>
        <source>原内容</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>更正为</source>
        <translation>Corrected to</translation>
    </message>
</context>
<context>
    <name>ChecklistEditor</name>
    <message>
        <source>此版本已发布或已废止，不能修改；如需修改请起草新版本。</source>
        <translation>This version is published or retired and cannot change; draft a new version to change it.</translation>
    </message>
    <message>
        <source>英文名称</source>
        <translation>English name</translation>
    </message>
    <message>
        <source>保存名称和版本标签</source>
        <translation>Save name and label</translation>
    </message>
    <message>
        <source>名称：</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>版本标签：</source>
        <translation>Version label:</translation>
    </message>
    <message>
        <source>章节标题</source>
        <translation>Section title</translation>
    </message>
    <message>
        <source>英文章节标题</source>
        <translation>English section title</translation>
    </message>
    <message>
        <source>新增章节</source>
        <translation>Add section</translation>
    </message>
    <message>
        <source>修改章节标题</source>
        <translation>Rename section</translation>
    </message>
    <message>
        <source>删除章节</source>
        <translation>Remove section</translation>
    </message>
    <message>
        <source>新增检查项</source>
        <translation>Add item</translation>
    </message>
    <message>
        <source>删除检查项</source>
        <translation>Remove item</translation>
    </message>
    <message>
        <source>上移</source>
        <translation>Move up</translation>
    </message>
    <message>
        <source>下移</source>
        <translation>Move down</translation>
    </message>
    <message>
        <source>章节</source>
        <translation>Section</translation>
    </message>
    <message>
        <source>检查项</source>
        <translation>Items</translation>
    </message>
    <message>
        <source>条号，如 12、15</source>
        <translation>Article numbers, e.g. 12, 15</translation>
    </message>
    <message>
        <source>保存检查项</source>
        <translation>Save item</translation>
    </message>
    <message>
        <source>章节：</source>
        <translation>Section:</translation>
    </message>
    <message>
        <source>编号：</source>
        <translation>Code:</translation>
    </message>
    <message>
        <source>标题：</source>
        <translation>Title:</translation>
    </message>
    <message>
        <source>中文</source>
        <translation>Chinese</translation>
    </message>
    <message>
        <source>检查内容：</source>
        <translation>Check:</translation>
    </message>
    <message>
        <source>检查方法：</source>
        <translation>How to check:</translation>
    </message>
    <message>
        <source>引用条款：</source>
        <translation>Articles cited:</translation>
    </message>
    <message>
        <source>默认严重程度：</source>
        <translation>Default severity:</translation>
    </message>
    <message>
        <source>整改要求：</source>
        <translation>Rectification requirement:</translation>
    </message>
    <message>
        <source>英文</source>
        <translation>English</translation>
    </message>
    <message>
        <source>英文标题：</source>
        <translation>English title:</translation>
    </message>
    <message>
        <source>英文检查内容：</source>
        <translation>English requirement text:</translation>
    </message>
    <message>
        <source>英文检查方法：</source>
        <translation>English how to check:</translation>
    </message>
    <message>
        <source>英文整改要求：</source>
        <translation>English rectification requirement:</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>检查表版本：{name}（{code} v{version}）</source>
        <translation>Checklist version: {name} ({code} v{version})</translation>
    </message>
    <message>
        <source>{status} · 依据 {regulation} · {n} 个检查项</source>
        <translation>{status} · based on {regulation} · {n} items</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>条款请填写条号数字，用顿号或逗号分隔。</source>
        <translation>Give the articles as numbers separated by commas.</translation>
    </message>
</context>
<context>
    <name>ChecklistMarks</name>
    <message>
        <source>有检查记录</source>
        <translation>Has notes</translation>
    </message>
    <message>
        <source>证据 {n} 个</source>
        <translation>{n} evidence file(s)</translation>
    </message>
    <message>
        <source>问题 {n} 个</source>
        <translation>{n} finding(s)</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <source>检查项</source>
        <translation>Check item</translation>
    </message>
    <message>
        <source>结论</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>无结论</source>
        <translation>No verdict</translation>
    </message>
    <message>
        <source>已检查 {done}/{total}</source>
        <translation>Checked {done}/{total}</translation>
    </message>
</context>
<context>
    <name>ChecklistView</name>
    <message>
        <source>键盘操作：1 符合&#x3000;2 部分符合&#x3000;3 不符合&#x3000;4 不适用&#x3000;0 取消结论
J / ↓ 下一项&#x3000;K / ↑ 上一项
输入检查记录时可用 Alt+1…4、Alt+0 记录结论，Alt+J / Alt+K 切换检查项
Ctrl+V 将剪贴板中的截图作为本项证据</source>
        <translation>Keys: 1 compliant, 2 partly compliant, 3 non-compliant, 4 not applicable, 0 clear the verdict
J / ↓ next item, K / ↑ previous item
While typing notes: Alt+1…4 and Alt+0 record the verdict, Alt+J / Alt+K move between check items
Ctrl+V: the screenshot on the clipboard becomes evidence of this item</translation>
    </message>
</context>
<context>
    <name>ColophonDialog</name>
    <message>
        <source>抄送与附注</source>
        <translation>Copies and contact</translation>
    </message>
    <message>
        <source>如：市委网信办、市公安局（不抄送则留空）</source>
        <translation>e.g. 市委网信办、市公安局 (leave empty for no copies)</translation>
    </message>
    <message>
        <source>抄送机关：</source>
        <translation>Copies to:</translation>
    </message>
    <message>
        <source>印发机关：</source>
        <translation>Printed by:</translation>
    </message>
    <message>
        <source>联系人：</source>
        <translation>Contact:</translation>
    </message>
    <message>
        <source>联系电话：</source>
        <translation>Telephone:</translation>
    </message>
    <message>
        <source>只改本通知书；默认值在“设置 → 文书”中修改。签发后随通知书固定。</source>
        <translation>Changes this notice only; the defaults are in Settings → Documents. Fixed with the notice when it is issued.</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>留空即为{organisation}</source>
        <translation>Leave empty for {organisation}</translation>
    </message>
</context>
<context>
    <name>CompletionDialog</name>
    <message>
        <source>完成检查</source>
        <translation>Complete inspection</translation>
    </message>
    <message>
        <source>完成对“{department}”的现场检查。完成后检查记录（结论、记录、证据、问题、签字）不能再修改；如需更正，只能说明原因后重新打开。</source>
        <translation>Complete the on-site inspection of {department}. Once completed, the record (verdicts, notes, evidence, findings, signature) can no longer change; to correct it, it must be reopened with a reason.</translation>
    </message>
    <message>
        <source>未检查的检查项</source>
        <translation>Items not checked</translation>
    </message>
    <message>
        <source>检查小结（必填）</source>
        <translation>Inspection summary (required)</translation>
    </message>
    <message>
        <source>检查组的总体意见：检查范围、主要问题、整改要求等（随输入自动保存）</source>
        <translation>The team&apos;s overall opinion: scope, main problems, what must be rectified (saved as you type)</translation>
    </message>
    <message>
        <source>单位代表签字</source>
        <translation>Representative&apos;s signature</translation>
    </message>
    <message>
        <source>现场签字…</source>
        <translation>Sign on site…</translation>
    </message>
    <message>
        <source>无法签字时，记录原因：</source>
        <translation>No signature? Record why:</translation>
    </message>
    <message>
        <source>拒绝签字</source>
        <translation>Refused to sign</translation>
    </message>
    <message>
        <source>不在场</source>
        <translation>Not present</translation>
    </message>
    <message>
        <source>说明（可选），如：经两次告知仍拒绝签字</source>
        <translation>Note (optional), e.g. asked twice, still refused</translation>
    </message>
    <message>
        <source>完成复查后，整改通知书所列问题将：</source>
        <translation>On completion, the notice&apos;s findings will be:</translation>
    </message>
    <message>
        <source>检查项</source>
        <translation>Items</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>复查结论</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>完成后</source>
        <translation>On completion</translation>
    </message>
    <message>
        <source>重新打开问题的新整改期限：</source>
        <translation>New deadline for reopened findings:</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>{codes} 等</source>
        <translation>{codes} and more</translation>
    </message>
    <message>
        <source>还有 {n} 个检查项没有结论：{codes}</source>
        <translation>{n} items have no verdict yet: {codes}</translation>
    </message>
    <message>
        <source>将以上 {n} 项记为“未检查”</source>
        <translation>Record these {n} items as &quot;not checked&quot;</translation>
    </message>
    <message>
        <source>已签字：{name}，{time}</source>
        <translation>Signed: {name}, {time}</translation>
    </message>
    <message>
        <source>重新签字…</source>
        <translation>Sign again…</translation>
    </message>
    <message>
        <source>签字已失效：{name} 于 {time} 签字后，检查内容有变化。请单位代表重新签字。</source>
        <translation>Signature void: the record changed after {name} signed at {time}. Please ask the representative to sign again.</translation>
    </message>
    <message>
        <source>未签字。请单位代表现场签字，或记录未签字的原因。</source>
        <translation>Not signed. Ask the representative to sign on site, or record why there is no signature.</translation>
    </message>
    <message>
        <source>{title}（{status}）</source>
        <translation>{title} ({status})</translation>
    </message>
    <message>
        <source>无结论</source>
        <translation>No verdict</translation>
    </message>
    <message>
        <source>予以核验（确认已整改到位）</source>
        <translation>Verified (rectified)</translation>
    </message>
    <message>
        <source>重新打开，设定新的整改期限</source>
        <translation>Reopened with a new deadline</translation>
    </message>
    <message>
        <source>仍未整改到位，保持原状态</source>
        <translation>Still not rectified; stays as it is</translation>
    </message>
    <message>
        <source>不变</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <source>无对应检查项，需人工核验</source>
        <translation>No checklist item; verify by hand</translation>
    </message>
    <message>
        <source>正在读取检查情况…</source>
        <translation>Reading the inspection…</translation>
    </message>
    <message>
        <source>为每个检查项给出结论，或勾选将其余 {n} 项记为“未检查”</source>
        <translation>a verdict on every item, or the choice to record the remaining {n} as &quot;not checked&quot;</translation>
    </message>
    <message>
        <source>填写检查小结</source>
        <translation>the inspection summary</translation>
    </message>
    <message>
        <source>请单位代表重新签字，或选择未签字的原因（拒绝签字/不在场）</source>
        <translation>the representative&apos;s new signature, or the reason there is none (refused / not present)</translation>
    </message>
    <message>
        <source>单位代表签字，或选择未签字的原因（拒绝签字/不在场）</source>
        <translation>the representative&apos;s signature, or the reason there is none (refused / not present)</translation>
    </message>
    <message>
        <source>重新打开问题的新整改期限须晚于今天（{today}）</source>
        <translation>the new deadline for reopened findings must be after today ({today})</translation>
    </message>
    <message>
        <source>完成前还需要：{what}。</source>
        <translation>Still needed before completing: {what}.</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
</context>
<context>
    <name>Confirm</name>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>原因（必填，记入审计记录，并随交换文件送达其他设备）：</source>
        <translation>Reason (required; kept in the audit trail and sent with bundles to the other devices):</translation>
    </message>
</context>
<context>
    <name>ConflictsModel</name>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>来自</source>
        <translation>From</translation>
    </message>
    <message>
        <source>发现时间</source>
        <translation>Found</translation>
    </message>
    <message>
        <source>不同之处</source>
        <translation>Differences</translation>
    </message>
    <message>
        <source>{n} 处</source>
        <translation>{n}</translation>
    </message>
    <message>
        <source>发现时间：{time}</source>
        <translation>Found: {time}</translation>
    </message>
    <message>
        <source>收到的记录与本机另一条记录重复（例如同一检查项的结果），请决定保留哪一个版本。</source>
        <translation>The record received duplicates another record here (for example the result of the same checklist item); decide which version to keep.</translation>
    </message>
    <message>
        <source>这条记录在本机和发送方都被修改过，请决定保留哪一个版本。</source>
        <translation>This record was changed both here and by the sender; decide which version to keep.</translation>
    </message>
</context>
<context>
    <name>ConflictsPanel</name>
    <message>
        <source>只显示不同之处</source>
        <translation>Show only the differences</translation>
    </message>
    <message>
        <source>保留本机版本</source>
        <translation>Keep this vault&apos;s version</translation>
    </message>
    <message>
        <source>不采用收到的修改；下次交换时，对方会收到本机的版本</source>
        <translation>Do not take the changes received; the sender gets this version with the next exchange</translation>
    </message>
    <message>
        <source>采用收到的版本</source>
        <translation>Take the version received</translation>
    </message>
    <message>
        <source>用收到的内容替换本机这条记录中不同的字段</source>
        <translation>Replace the differing fields of this record with what was received</translation>
    </message>
    <message>
        <source>没有待处理的冲突</source>
        <translation>No conflicts to resolve</translation>
    </message>
    <message>
        <source>导入交换文件时，若同一条记录在本机和发送方都被修改过，会列在这里由您决定。</source>
        <translation>When an imported bundle holds a record that was changed both here and by the sender, it is listed here for you to decide.</translation>
    </message>
    <message>
        <source>{table}：{title}</source>
        <translation>{table}: {title}</translation>
    </message>
    <message>
        <source>记录标识：{id}</source>
        <translation>Record id: {id}</translation>
    </message>
    <message>
        <source>{sender} 发来的新记录（修改于 {incoming}）暂未加入本机。</source>
        <translation>The new record from {sender} (changed {incoming}) was not added here yet.</translation>
    </message>
    <message>
        <source>本机版本修改于 {local}；{sender} 发来的版本修改于 {incoming}。有 {n} 处不同（已标出）。</source>
        <translation>The version here was changed {local}; the version from {sender} was changed {incoming}. {n} difference(s), highlighted.</translation>
    </message>
    <message>
        <source>用 {sender} 发来的版本替换本机的“{title}”？
本机这条记录中 {n} 处不同的内容将被替换。更改会记入审计记录。</source>
        <translation>Replace &quot;{title}&quot; here with the version from {sender}?
The {n} differing field(s) of this record will be replaced. The change is recorded in the audit trail.</translation>
    </message>
    <message>
        <source>保留本机的“{title}”，不采用 {sender} 发来的修改？
下次交换时，对方会收到本机的版本。</source>
        <translation>Keep &quot;{title}&quot; as it is here and not take the changes from {sender}?
The sender gets this version with the next exchange.</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>签字将失效</source>
        <translation>The signature will be void</translation>
    </message>
    <message>
        <source>仍要采用收到的版本吗？</source>
        <translation>Take the received version anyway?</translation>
    </message>
    <message>
        <source>使签字失效并采用</source>
        <translation>Void the signature and take it</translation>
    </message>
    <message>
        <source>已采用收到的版本：{title}</source>
        <translation>Took the version received: {title}</translation>
    </message>
    <message>
        <source>已保留本机版本：{title}</source>
        <translation>Kept this vault&apos;s version: {title}</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <source>起草更正通知</source>
        <translation>Draft a correction notice</translation>
    </message>
    <message>
        <source>更正 {number}（{department}）</source>
        <translation>Correcting {number} ({department})</translation>
    </message>
    <message>
        <source>已签发的通知书内容不再修改；如需更正，起草一份更正通知，签发后以更正后的内容为准。勾选要更正的问题：</source>
        <translation>What an issued notice states no longer changes; to correct it, draft a correction notice — once issued, the corrected content applies. Tick the findings to correct:</translation>
    </message>
    <message>
        <source>更正整改要求：</source>
        <translation>Correct the requirement:</translation>
    </message>
    <message>
        <source>更正后的整改要求</source>
        <translation>The corrected rectification requirement</translation>
    </message>
    <message>
        <source>更正整改期限：</source>
        <translation>Correct the deadline:</translation>
    </message>
    <message>
        <source>必填，例如：原通知书整改要求表述有误</source>
        <translation>Required, e.g. the notice&apos;s requirement was worded wrongly</translation>
    </message>
    <message>
        <source>更正原因：</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>起草后在列表中签发：签发时编号，所列问题的内容才按更正通知修改。</source>
        <translation>Issue it from the list once drafted: it is numbered then, and only then are the findings corrected.</translation>
    </message>
    <message>
        <source>已选 {n} / {total} 个问题</source>
        <translation>{n} of {total} findings selected</translation>
    </message>
    <message>
        <source>原整改要求：{text}</source>
        <translation>Requirement now: {text}</translation>
    </message>
    <message>
        <source>原整改期限：{date}</source>
        <translation>Deadline now: {date}</translation>
    </message>
    <message>
        <source>请勾选要更正的问题。</source>
        <translation>Tick the findings to correct.</translation>
    </message>
    <message>
        <source>请填写更正后的整改要求，或更正整改期限。</source>
        <translation>Enter the corrected requirement, or correct the deadline.</translation>
    </message>
    <message>
        <source>请填写更正原因。</source>
        <translation>Enter the reason for the correction.</translation>
    </message>
</context>
<context>
    <name>CountsModel</name>
    <message>
        <source>数据</source>
        <translation>Records</translation>
    </message>
    <message>
        <source>合计</source>
        <translation>Total</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>问题（按状态）</source>
        <translation>Findings by status</translation>
    </message>
    <message>
        <source>问题（按严重程度）</source>
        <translation>Findings by severity</translation>
    </message>
    <message>
        <source>没有逾期未整改的问题。</source>
        <translation>No rectification is overdue.</translation>
    </message>
    <message>
        <source>目前没有进行中的现场检查。</source>
        <translation>No on-site inspection is in progress.</translation>
    </message>
    <message>
        <source>没有进行中的检查计划。</source>
        <translation>No active inspection plan.</translation>
    </message>
    <message>
        <source>没有待上报或移送的事项</source>
        <translation>Nothing waiting to be reported or referred</translation>
    </message>
    <message>
        <source>检查日历…</source>
        <translation>Calendar…</translation>
    </message>
    <message>
        <source>概览</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>逾期未整改</source>
        <translation>Overdue rectifications</translation>
    </message>
    <message>
        <source>进行中的现场检查</source>
        <translation>Inspections in progress</translation>
    </message>
    <message>
        <source>进行中的检查计划</source>
        <translation>Active plans</translation>
    </message>
    <message>
        <source>待上报/移送（第三十三条）</source>
        <translation>To report / refer (art. 33)</translation>
    </message>
    <message>
        <source>《{title}》（{doc_number}）有效期至 {end}，已过期。请在“检查表版本”中确认现行依据。</source>
        <translation>{title} ({doc_number}) was valid until {end} and has lapsed. Confirm the rules in force under Checklist versions.</translation>
    </message>
    <message>
        <source>截至 {today}，共 {n} 个问题</source>
        <translation>As of {today}: {n} findings</translation>
    </message>
    <message>
        <source>逾期未整改（{n}）</source>
        <translation>Overdue rectifications ({n})</translation>
    </message>
    <message>
        <source>进行中的现场检查（{n}）</source>
        <translation>Inspections in progress ({n})</translation>
    </message>
    <message>
        <source>进行中的检查计划（{n}）</source>
        <translation>Active plans ({n})</translation>
    </message>
    <message>
        <source>待上报/移送（第三十三条）：{n} 项</source>
        <translation>To report / refer (art. 33): {n}</translation>
    </message>
    <message>
        <source> — 显示前 {shown} 项</source>
        <translation> — first {shown} shown</translation>
    </message>
</context>
<context>
    <name>DateEdit</name>
    <message>
        <source>“{typed}”不是有效日期，请按 2026-12-25 的格式输入。</source>
        <translation>&quot;{typed}&quot; is not a valid date; type it as 2026-12-25.</translation>
    </message>
    <message>
        <source>{typed} 超出允许的范围（{first} 至 {last}）。</source>
        <translation>{typed} is outside the allowed range ({first} to {last}).</translation>
    </message>
</context>
<context>
    <name>DepartmentFields</name>
    <message>
        <source>18 位统一社会信用代码（可不填）</source>
        <translation>18-character unified social credit code (optional)</translation>
    </message>
    <message>
        <source>单位名称：</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>统一社会信用代码：</source>
        <translation>Unified social credit code:</translation>
    </message>
    <message>
        <source>地址：</source>
        <translation>Address:</translation>
    </message>
    <message>
        <source>联系人：</source>
        <translation>Contact person:</translation>
    </message>
    <message>
        <source>联系电话：</source>
        <translation>Contact phone:</translation>
    </message>
    <message>
        <source>备注：</source>
        <translation>Notes:</translation>
    </message>
</context>
<context>
    <name>DepartmentImportDialog</name>
    <message>
        <source>导入被检查单位</source>
        <translation>Import departments</translation>
    </message>
    <message>
        <source>从 xlsx 或 csv 文件导入单位名单。第一行为列名：单位名称（必填）、统一社会信用代码、地址、联系人、联系电话（列的顺序不限，也可用英文列名）。导入前会逐行检查并列出问题；有问题的行不导入，改正后可再次导入同一文件。</source>
        <translation>Import a list of departments from an xlsx or csv file. The first row names the columns: 单位名称 (name, required), 统一社会信用代码 (code), 地址 (address), 联系人 (contact), 联系电话 (phone) — in any order; English column names work too. Every row is checked first and its problems are listed; rows with problems are not imported, and the same file can be imported again once they are corrected.</translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>保存模板…</source>
        <translation>Save template…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>导入 {n} 个单位</source>
        <translation>Import {n} department(s)</translation>
    </message>
    <message>
        <source>导入单位</source>
        <translation>Import departments</translation>
    </message>
    <message>
        <source>选择单位名单</source>
        <translation>Choose a list of departments</translation>
    </message>
    <message>
        <source>单位名单 (*.xlsx *.csv)</source>
        <translation>Lists of departments (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>文件：{name}</source>
        <translation>File: {name}</translation>
    </message>
    <message>
        <source>正在读取名单…</source>
        <translation>Reading the list…</translation>
    </message>
    <message>
        <source>文件中没有单位（表头下方没有内容）。</source>
        <translation>The file lists no departments (nothing below the header row).</translation>
    </message>
    <message>
        <source>共 {n} 行：{good} 行可导入，{bad} 行有问题（标为红色），导入时将跳过。</source>
        <translation>{n} rows: {good} can be imported; rows with problems (in red), skipped on import: {bad}.</translation>
    </message>
    <message>
        <source>共 {n} 行，均可导入。</source>
        <translation>{n} rows, all can be imported.</translation>
    </message>
    <message>
        <source>未识别的列（已忽略）：{names}</source>
        <translation>Columns not recognised (ignored): {names}</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>正在导入单位…</source>
        <translation>Importing departments…</translation>
    </message>
    <message>
        <source>已导入 {n} 个单位。</source>
        <translation>{n} department(s) imported.</translation>
    </message>
    <message>
        <source>{m} 行有问题，未导入：改正后可再次导入同一文件。</source>
        <translation> {m} row(s) with problems were not imported: correct them and import the same file again.</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>保存单位名单模板</source>
        <translation>Save the list template</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>模板已保存：{path}</source>
        <translation>Template saved: {path}</translation>
    </message>
</context>
<context>
    <name>DepartmentsPage</name>
    <message>
        <source>添加单位</source>
        <translation>Add department</translation>
    </message>
    <message>
        <source>被检查单位</source>
        <translation>Departments</translation>
    </message>
    <message>
        <source>共 {n} 个单位</source>
        <translation>Departments: {n}</translation>
    </message>
    <message>
        <source>添加单位…</source>
        <translation>Add department…</translation>
    </message>
    <message>
        <source>导入…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <source>从 xlsx 或 csv 名单导入单位（单位名称、统一社会信用代码、地址、联系人、联系电话）</source>
        <translation>Import departments from an xlsx or csv list (name, unified social credit code, address, contact, phone)</translation>
    </message>
    <message>
        <source>删除…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>删除误添加的单位（需填写原因）；已列入计划、检查或报告的单位不能删除</source>
        <translation>Delete a department added in error (a reason is needed); one in a plan, an inspection or a report cannot be deleted</translation>
    </message>
    <message>
        <source>接受检查的部门和单位；可逐个添加，也可从 xlsx 或 csv 名单导入。</source>
        <translation>The departments and bodies inspected: add them one by one, or import an xlsx or csv list.</translation>
    </message>
    <message>
        <source>填写后点击“添加单位”。</source>
        <translation>Fill in the form, then click &quot;Add department&quot;.</translation>
    </message>
    <message>
        <source>编辑：{name}</source>
        <translation>Edit: {name}</translation>
    </message>
    <message>
        <source>修改会自动保存。</source>
        <translation>Changes are saved automatically.</translation>
    </message>
    <message>
        <source>已添加。之后的修改会自动保存。</source>
        <translation>Added. Further changes are saved automatically.</translation>
    </message>
    <message>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>已保存。修改会自动保存。</source>
        <translation>Saved. Changes are saved automatically.</translation>
    </message>
    <message>
        <source>未保存。</source>
        <translation>Not saved.</translation>
    </message>
    <message>
        <source>删除单位</source>
        <translation>Delete department</translation>
    </message>
    <message>
        <source>删除单位“{name}”？
只能删除误添加、尚未列入计划、检查或报告的单位，不能撤销；删除及原因记入审计记录，并随交换文件同步到其他设备。</source>
        <translation>Delete the department “{name}”?
Only a department added in error and not yet in a plan, an inspection or a report can be deleted; this cannot be undone. The deletion and its reason go into the audit trail and travel with bundles to the other devices.</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>已删除“{name}”。</source>
        <translation>“{name}” was deleted.</translation>
    </message>
</context>
<context>
    <name>DepartmentsTableModel</name>
    <message>
        <source>单位名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
</context>
<context>
    <name>DestructionSettings</name>
    <message>
        <source>证据销毁（第二十九条）</source>
        <translation>Evidence destruction (art. 29)</translation>
    </message>
    <message>
        <source>批准并销毁…</source>
        <translation>Approve and destroy…</translation>
    </message>
    <message>
        <source>驳回…</source>
        <translation>Reject…</translation>
    </message>
    <message>
        <source>销毁记录…</source>
        <translation>Destruction record…</translation>
    </message>
    <message>
        <source>在证据的右键菜单中“申请销毁”。审批须由申请人以外的另一人用其本人的签名身份进行；批准后文件及其密钥立即销毁，此后的备份不再包含它们，销毁记录留存于审计记录并报送办公室。</source>
        <translation>Request a destruction from an evidence file&apos;s context menu. Someone other than the requester approves it with their own signing identity; on approval the file and its key are destroyed at once, later backups no longer contain them, and the destruction record stays in the audit trail and goes to the office.</translation>
    </message>
    <message>
        <source>审批人签名身份：</source>
        <translation>Approver&apos;s signing identity:</translation>
    </message>
    <message>
        <source>{name}（{fingerprint}）</source>
        <translation>{name} ({fingerprint})</translation>
    </message>
    <message>
        <source>以“{who}”的签名身份批准销毁：{files}

批准后文件及其密钥立即销毁，无法恢复。</source>
        <translation>Approve, as “{who}”, the destruction of: {files}

The files and their keys are destroyed at once and cannot be recovered.</translation>
    </message>
    <message>
        <source>批准销毁</source>
        <translation>Approve destruction</translation>
    </message>
    <message>
        <source>批准并销毁</source>
        <translation>Approve and destroy</translation>
    </message>
    <message>
        <source>正在销毁…</source>
        <translation>Destroying…</translation>
    </message>
    <message>
        <source>驳回销毁申请</source>
        <translation>Reject destruction request</translation>
    </message>
    <message>
        <source>驳回对“{files}”的销毁申请。</source>
        <translation>Reject the request to destroy “{files}”.</translation>
    </message>
    <message>
        <source>驳回</source>
        <translation>Reject</translation>
    </message>
    <message>
        <source>已批准，文件已销毁。</source>
        <translation>Approved; the files were destroyed.</translation>
    </message>
    <message>
        <source>已驳回。</source>
        <translation>Rejected.</translation>
    </message>
</context>
<context>
    <name>DestructionsModel</name>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>Files</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation>Requested by</translation>
    </message>
    <message>
        <source>审批人</source>
        <translation>Decided by</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>待审批</source>
        <translation>Awaiting approval</translation>
    </message>
    <message>
        <source>已驳回</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>已销毁</source>
        <translation>Destroyed</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>法律依据：{basis}</source>
        <translation>Legal basis: {basis}</translation>
    </message>
</context>
<context>
    <name>DiffDialog</name>
    <message>
        <source>与来源版本比较</source>
        <translation>Compare with source version</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>DiscrepancyDialog</name>
    <message>
        <source>自查差异 — {plan}</source>
        <translation>Self-report discrepancies — {plan}</translation>
    </message>
    <message>
        <source>自查差异</source>
        <translation>Self-report discrepancies</translation>
    </message>
    <message>
        <source>单位自查为“符合”、现场检查却为“不符合”或“部分符合”的检查项，以及单位自查时未回答的检查项。依据各单位最新导入的自查表和最近一次现场检查的结论。双击一行打开该单位的现场检查。</source>
        <translation>Items a department declared compliant that the inspection on site found non-compliant or partly compliant, and items it left unanswered — from each department&apos;s latest self-report and the most recent verdict on site. Double-click a row to open that department&apos;s inspection.</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>单位：</source>
        <translation>Department:</translation>
    </message>
    <message>
        <source>打开现场检查</source>
        <translation>Open inspection</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>全部单位</source>
        <translation>All departments</translation>
    </message>
    <message>
        <source>共 {n} 项：自查为符合但检查不符合/部分符合 {c} 项，自查未回答 {u} 项</source>
        <translation>{n} items: {c} declared compliant but found non-compliant/partly compliant, {u} unanswered</translation>
    </message>
    <message>
        <source>没有差异：尚未导入自查表，或各单位的自查结论与现场检查结论一致、且全部作答。</source>
        <translation>No discrepancies: no self-report imported yet, or every department&apos;s conclusions agree with the inspection on site and every item was answered.</translation>
    </message>
    <message>
        <source>选择一行，双击打开该单位的现场检查。</source>
        <translation>Select a row; double-click it to open that department&apos;s inspection.</translation>
    </message>
    <message>
        <source>“{department}”在本计划下还没有现场检查。</source>
        <translation>{department} has no inspection under this plan yet.</translation>
    </message>
</context>
<context>
    <name>DiscrepancyModel</name>
    <message>
        <source>单位</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>检查项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>自查结论</source>
        <translation>Self-report</translation>
    </message>
    <message>
        <source>检查结论</source>
        <translation>Inspection</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>自查为符合但检查不符合/部分符合</source>
        <translation>Declared compliant, found non-compliant/partly compliant</translation>
    </message>
    <message>
        <source>自查未回答</source>
        <translation>Unanswered in the self-report</translation>
    </message>
    <message>
        <source>（未回答）</source>
        <translation>(unanswered)</translation>
    </message>
    <message>
        <source>（尚未检查）</source>
        <translation>(not inspected yet)</translation>
    </message>
    <message>
        <source>检查计划：{plan}</source>
        <translation>Plan: {plan}</translation>
    </message>
    <message>
        <source>检查项：{code} {title}</source>
        <translation>Item: {code} {title}</translation>
    </message>
    <message>
        <source>双击打开该单位的现场检查</source>
        <translation>Double-click to open the department&apos;s inspection</translation>
    </message>
    <message>
        <source>该单位在本计划下还没有现场检查</source>
        <translation>The department has no inspection under this plan yet</translation>
    </message>
</context>
<context>
    <name>DocumentDialog</name>
    <message>
        <source>{name}（证书 {fingerprint}，{date} 到期）</source>
        <translation>{name} (certificate {fingerprint}, expires {date})</translation>
    </message>
    <message>
        <source>文书预览</source>
        <translation>Document preview</translation>
    </message>
    <message>
        <source>正在生成文书…</source>
        <translation>Building the document…</translation>
    </message>
    <message>
        <source>用哪一个签名身份签名</source>
        <translation>Which signing identity signs</translation>
    </message>
    <message>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>用打印机打印这份文书，页面与 PDF 完全相同</source>
        <translation>Print this document on a printer, page for page as in the PDF</translation>
    </message>
    <message>
        <source>导出 PDF…</source>
        <translation>Export PDF…</translation>
    </message>
    <message>
        <source>导出不签名的 PDF（可以之后再签名）</source>
        <translation>Export the PDF unsigned (it can be signed later)</translation>
    </message>
    <message>
        <source>导出并签名…</source>
        <translation>Export and sign…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>签名身份：</source>
        <translation>Signing identity:</translation>
    </message>
    <message>
        <source>无法生成文书</source>
        <translation>The document could not be built</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message numerus="yes">
        <source>共 %n 页</source>
        <translation>
            <numerusform>%n page</numerusform>
            <numerusform>%n pages</numerusform>
        </translation>
    </message>
    <message>
        <source>；签名位置：%1</source>
        <translation>; signature places: %1</translation>
    </message>
    <message>
        <source>。草稿：签发后才能签名。</source>
        <translation>. A draft: it can be signed once issued.</translation>
    </message>
    <message>
        <source>还没有签名身份：请先在“设置 → 签名身份”中创建或导入。</source>
        <translation>No signing identity yet: create or import one in Settings → Signing identities.</translation>
    </message>
    <message numerus="yes">
        <source>已发送 %n 页到打印机：%1</source>
        <translation>
            <numerusform>Sent %n page to the printer: %1</numerusform>
            <numerusform>Sent %n pages to the printer: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>正在准备打印…</source>
        <translation>Preparing to print…</translation>
    </message>
    <message>
        <source>导出 PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>正在签名并导出…</source>
        <translation>Signing and exporting…</translation>
    </message>
    <message>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>已导出：%1</source>
        <translation>Exported: %1</translation>
    </message>
    <message>
        <source>签名人：%1</source>
        <translation>Signed by: %1</translation>
    </message>
    <message>
        <source>没有可用的打印机：请先在系统设置中添加打印机。也可以先“导出 PDF…”，再在其他电脑上打印。</source>
        <translation>No printer is available: add a printer in the system settings first. Or use &quot;Export PDF…&quot; and print the file on another computer.</translation>
    </message>
    <message>
        <source>打印文书</source>
        <translation>Print document</translation>
    </message>
    <message>
        <source>无法开始打印：打印机“%1”没有接受这份文书。</source>
        <translation>Cannot start printing: the printer &quot;%1&quot; did not accept the document.</translation>
    </message>
    <message numerus="yes">
        <source>打印中断：打印机在第 %n 页之后出错。</source>
        <translation>
            <numerusform>Printing stopped: the printer failed after page %n.</numerusform>
            <numerusform>Printing stopped: the printer failed after page %n.</numerusform>
        </translation>
    </message>
    <message>
        <source>打印失败：打印机“%1”报告了错误。</source>
        <translation>Printing failed: the printer &quot;%1&quot; reported an error.</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
</context>
<context>
    <name>DocumentSettings</name>
    <message>
        <source>载入印章图片</source>
        <translation>Load the seal image</translation>
    </message>
    <message>
        <source>PNG 图片 (*.png);;所有文件 (*)</source>
        <translation>PNG images (*.png);;All files (*)</translation>
    </message>
    <message>
        <source>移除印章</source>
        <translation>Remove seal</translation>
    </message>
    <message>
        <source>移除后，签发的文书在印章位置只显示签名人和签名时间。已导出的文件不受影响。</source>
        <translation>Without a seal, issued documents show only the signer and the signing time where the seal goes. Files already exported are not affected.</translation>
    </message>
    <message>
        <source>文书（随保险库保存）</source>
        <translation>Documents (saved with the vault)</translation>
    </message>
    <message>
        <source>如：市委网信办、市公安局</source>
        <translation>e.g. 市委网信办、市公安局</translation>
    </message>
    <message>
        <source>留空即为单位名称</source>
        <translation>Leave empty for the organisation&apos;s name</translation>
    </message>
    <message>
        <source>如：0356-1234567</source>
        <translation>e.g. 0356-1234567</translation>
    </message>
    <message>
        <source>抄送机关：</source>
        <translation>Copies to:</translation>
    </message>
    <message>
        <source>印发机关：</source>
        <translation>Printed by:</translation>
    </message>
    <message>
        <source>联系人：</source>
        <translation>Contact:</translation>
    </message>
    <message>
        <source>联系电话：</source>
        <translation>Telephone:</translation>
    </message>
    <message>
        <source>抄送机关用顿号（、）隔开。每份文书起草时可以另行修改；签发后随文书固定。</source>
        <translation>Separate the offices with 、. Each document can change them while it is a draft; they are fixed when it is issued.</translation>
    </message>
    <message>
        <source>载入印章…</source>
        <translation>Load seal…</translation>
    </message>
    <message>
        <source>印章图片：PNG 格式、透明背景、大致为正方形，每边 200–2000 像素，不超过 2 MB。签发文书时，印章作为数字签名的外观盖在署名和成文日期上。注意：带印章图片的数字签名不是 GB/T 38540 电子印章；需要电子印章时，请打印后加盖实物印章，或使用经批准的电子印章系统。</source>
        <translation>Seal image: PNG with a transparent background, roughly square, 200–2000 pixels a side, at most 2 MB. On issued documents the seal is the digital signature&apos;s appearance over the issuer&apos;s name and date. Note: a digital signature with a seal picture is not a GB/T 38540 electronic seal; where one is required, print and stamp the document, or use an approved electronic seal system.</translation>
    </message>
    <message>
        <source>发文机关印章：</source>
        <translation>Office seal:</translation>
    </message>
    <message>
        <source>{w}×{h} 像素</source>
        <translation>{w}×{h} pixels</translation>
    </message>
    <message>
        <source>未载入印章</source>
        <translation>No seal loaded</translation>
    </message>
    <message>
        <source>已保存。</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>印章已载入。</source>
        <translation>Seal loaded.</translation>
    </message>
    <message>
        <source>印章已移除。</source>
        <translation>Seal removed.</translation>
    </message>
</context>
<context>
    <name>DraftNoticeDialog</name>
    <message>
        <source>起草整改通知书</source>
        <translation>Draft a rectification notice</translation>
    </message>
    <message>
        <source>全选</source>
        <translation>Select all</translation>
    </message>
    <message>
        <source>全不选</source>
        <translation>Select none</translation>
    </message>
    <message>
        <source>被检查单位：</source>
        <translation>Department:</translation>
    </message>
    <message>
        <source>检查计划：</source>
        <translation>Plan:</translation>
    </message>
    <message>
        <source>整改期限：</source>
        <translation>Deadline:</translation>
    </message>
    <message>
        <source>勾选要列入本通知书的问题（仅列出尚未通知的草稿问题）。签发时才编号。</source>
        <translation>Tick the findings this notice covers (only draft findings not yet notified are listed). The number is given when it is issued.</translation>
    </message>
    <message>
        <source>起草</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>（不限计划）</source>
        <translation>(any plan)</translation>
    </message>
    <message>
        <source>已选 {n} / {total} 项</source>
        <translation>{n} of {total} selected</translation>
    </message>
</context>
<context>
    <name>Escalation</name>
    <message>
        <source>待报告</source>
        <translation>To report</translation>
    </message>
    <message>
        <source>待移送</source>
        <translation>To refer</translation>
    </message>
    <message>
        <source>已报告</source>
        <translation>Reported</translation>
    </message>
    <message>
        <source>已移送</source>
        <translation>Referred</translation>
    </message>
    <message>
        <source>失泄密隐患</source>
        <translation>Leak risk</translation>
    </message>
    <message>
        <source>违法行为</source>
        <translation>Unlawful act</translation>
    </message>
</context>
<context>
    <name>EscalationDialog</name>
    <message>
        <source>登记上报</source>
        <translation>Record the report</translation>
    </message>
    <message>
        <source>登记移送</source>
        <translation>Record the referral</translation>
    </message>
    <message>
        <source>问题“{title}”存在失泄密隐患，已向保密主管部门报告。请登记（第三十三条）：</source>
        <translation>The finding &quot;{title}&quot; is a leak risk and was reported to the secrecy authority. Record it (art. 33):</translation>
    </message>
    <message>
        <source>问题“{title}”涉及违法行为，已移送公安机关。请登记（第三十三条）：</source>
        <translation>The finding &quot;{title}&quot; is an unlawful act and was referred to the public security organ. Record it (art. 33):</translation>
    </message>
    <message>
        <source>函件或回执编号，如：晋保函〔2026〕12号</source>
        <translation>Letter or receipt number, e.g. 晋保函〔2026〕12号</translation>
    </message>
    <message>
        <source>说明（可选），如：电话报告后补送书面材料</source>
        <translation>Note (optional), e.g. reported by phone, letter sent after</translation>
    </message>
    <message>
        <source>接收单位：</source>
        <translation>Received by:</translation>
    </message>
    <message>
        <source>日期：</source>
        <translation>Date:</translation>
    </message>
    <message>
        <source>文号：</source>
        <translation>Reference:</translation>
    </message>
    <message>
        <source>说明：</source>
        <translation>Note:</translation>
    </message>
    <message>
        <source>登记</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>EscalationLine</name>
    <message>
        <source>登记上报…</source>
        <translation>Record report…</translation>
    </message>
    <message>
        <source>登记移送…</source>
        <translation>Record referral…</translation>
    </message>
    <message>
        <source>已向保密主管部门报告后，登记接收单位、日期和文号</source>
        <translation>Once reported to the secrecy authority, record who received it, when, and the reference</translation>
    </message>
    <message>
        <source>已移送公安机关后，登记接收单位、日期和文号</source>
        <translation>Once referred to the public security organ, record who received it, when, and the reference</translation>
    </message>
    <message>
        <source>{state}：{authority}</source>
        <translation>{state}: {authority}</translation>
    </message>
    <message>
        <source>（应立即制止）</source>
        <translation> (must be stopped at once)</translation>
    </message>
    <message>
        <source>{state}：{details}</source>
        <translation>{state}: {details}</translation>
    </message>
</context>
<context>
    <name>EscalationsModel</name>
    <message>
        <source>被检查单位</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Matter</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>违法行为：须立即停止，并移送{authority}。单击打开此问题</source>
        <translation>Unlawful act: to be stopped at once and referred to {authority}. Click to open the finding</translation>
    </message>
    <message>
        <source>失泄密隐患：须报告{authority}。单击打开此问题</source>
        <translation>Leak risk: to be reported to {authority}. Click to open the finding</translation>
    </message>
</context>
<context>
    <name>EventsModel</name>
    <message>
        <source>事项</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>被检查单位</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>What</translation>
    </message>
    <message>
        <source>计划检查</source>
        <translation>Scheduled inspection</translation>
    </message>
    <message>
        <source>复查</source>
        <translation>Re-inspection</translation>
    </message>
    <message>
        <source>整改期限（通知书）</source>
        <translation>Rectification deadline (notice)</translation>
    </message>
    <message>
        <source>整改期限（问题）</source>
        <translation>Rectification deadline (finding)</translation>
    </message>
</context>
<context>
    <name>EvidenceArea</name>
    <message>
        <source>添加证据文件</source>
        <translation>Add Evidence Files</translation>
    </message>
    <message>
        <source>所有文件 (*);;图片 (*.png *.jpg *.jpeg *.bmp *.gif *.webp);;文档 (*.pdf *.docx *.xlsx *.txt)</source>
        <translation>All files (*);;Images (*.png *.jpg *.jpeg *.bmp *.gif *.webp);;Documents (*.pdf *.docx *.xlsx *.txt)</translation>
    </message>
    <message>
        <source>证据说明</source>
        <translation>Evidence caption</translation>
    </message>
    <message>
        <source>“{name}”的说明（显示在缩略图下方，并印在检查记录中）：</source>
        <translation>Caption of &quot;{name}&quot; (shown under the thumbnail and printed in the inspection record):</translation>
    </message>
    <message>
        <source>选择替换“{name}”的文件</source>
        <translation>Choose the file to replace &quot;{name}&quot;</translation>
    </message>
    <message>
        <source>删除证据</source>
        <translation>Remove evidence</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>删除证据“{name}”？删除后无法恢复；删除及其原因会记入审计记录，并随交换文件送达其他设备，在那里同样删除。</source>
        <translation>Remove the evidence “{name}”? This cannot be undone. The removal and its reason go into the audit trail and travel with bundles to the other devices, which remove it too.</translation>
    </message>
    <message>
        <source>例如：拍错了单位</source>
        <translation>e.g. photographed the wrong department</translation>
    </message>
    <message>
        <source>双击查看证据；右键可编辑说明、替换或删除；拖放文件到此处，或按 Ctrl+V 粘贴截图</source>
        <translation>Double-click to view; right-click to edit the caption, replace or remove; drop files here or press Ctrl+V to paste a screenshot</translation>
    </message>
    <message>
        <source>证据</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <source>拖放文件到此处，或按 Ctrl+V 粘贴截图</source>
        <translation>Drop files here or press Ctrl+V to paste a screenshot</translation>
    </message>
    <message>
        <source>添加文件…</source>
        <translation>Add files…</translation>
    </message>
    <message>
        <source>粘贴截图</source>
        <translation>Paste screenshot</translation>
    </message>
    <message>
        <source>把剪贴板中的截图作为证据保存（Ctrl+V）</source>
        <translation>Save the screenshot on the clipboard as evidence (Ctrl+V)</translation>
    </message>
    <message>
        <source>查看</source>
        <translation>View</translation>
    </message>
    <message>
        <source>编辑说明…</source>
        <translation>Edit caption…</translation>
    </message>
    <message>
        <source>替换文件…</source>
        <translation>Replace file…</translation>
    </message>
    <message>
        <source>删除…</source>
        <translation>Remove…</translation>
    </message>
    <message>
        <source>申请销毁…</source>
        <translation>Request destruction…</translation>
    </message>
    <message>
        <source>剪贴板中没有图片或文件。</source>
        <translation>There is no image or file on the clipboard.</translation>
    </message>
</context>
<context>
    <name>EvidenceController</name>
    <message>
        <source>截图-{stamp}.png</source>
        <translation>Screenshot-{stamp}.png</translation>
    </message>
    <message>
        <source>正在保存证据…</source>
        <translation>Saving evidence…</translation>
    </message>
    <message>
        <source>已提交销毁申请：须由另一人在“设置 → 证据销毁”中审批后才会销毁。</source>
        <translation>Destruction requested: nothing is destroyed until someone else approves it under Settings → Evidence destruction.</translation>
    </message>
    <message>
        <source>正在提交销毁申请…</source>
        <translation>Filing the destruction request…</translation>
    </message>
    <message>
        <source>正在打开证据…</source>
        <translation>Opening evidence…</translation>
    </message>
</context>
<context>
    <name>EvidenceListModel</name>
    <message>
        <source>{name}
{size}
SHA-256：{sha}</source>
        <translation>{name}
{size}
SHA-256: {sha}</translation>
    </message>
</context>
<context>
    <name>EvidenceLockNotice</name>
    <message>
        <source>证据已锁定</source>
        <translation>Evidence locked</translation>
    </message>
    <message>
        <source>本机还没有解锁集中库的证据文件：证据不能查看或添加。点击输入集中库证据口令。</source>
        <translation>The hub&apos;s evidence files are not unlocked on this computer: evidence cannot be viewed or added. Click to enter the hub&apos;s evidence passphrase.</translation>
    </message>
</context>
<context>
    <name>EvidenceUnlockDialog</name>
    <message>
        <source>解锁集中库证据</source>
        <translation>Unlock the hub&apos;s evidence</translation>
    </message>
    <message>
        <source>本机还没有解锁集中库的证据文件：证据暂时不能查看或添加，其他工作不受影响。输入办公室管理员提供的集中库证据口令即可解锁；也可以稍后点击状态栏中的“证据已锁定”再解锁。</source>
        <translation>The hub&apos;s evidence files are not unlocked on this computer yet: evidence cannot be viewed or added for now; all other work goes on. Enter the hub&apos;s evidence passphrase (from the office administrator) to unlock it, or do it later with “Evidence locked” in the status bar.</translation>
    </message>
    <message>
        <source>集中库证据口令</source>
        <translation>The hub&apos;s evidence passphrase</translation>
    </message>
    <message>
        <source>在本机记住</source>
        <translation>Remember on this computer</translation>
    </message>
    <message>
        <source>保存在系统密钥环中，下次连接无需再输入。</source>
        <translation>Kept in the system keyring: no need to enter it at the next connection.</translation>
    </message>
    <message>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>稍后</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>证据口令</source>
        <translation>Evidence passphrase</translation>
    </message>
    <message>
        <source>正在解锁证据…</source>
        <translation>Unlocking the evidence…</translation>
    </message>
    <message>
        <source>该集中库没有可用证据口令解锁的证据密钥，请联系办公室管理员。</source>
        <translation>This hub has no evidence key that a passphrase unlocks; contact the office administrator.</translation>
    </message>
</context>
<context>
    <name>EvidenceViewer</name>
    <message>
        <source>说明：</source>
        <translation>Caption:</translation>
    </message>
    <message>
        <source>文件名：</source>
        <translation>File name:</translation>
    </message>
    <message>
        <source>{size}，{w} × {h} 像素</source>
        <translation>{size}, {w} × {h} pixels</translation>
    </message>
    <message>
        <source>大小：</source>
        <translation>Size:</translation>
    </message>
    <message>
        <source>类型：</source>
        <translation>Type:</translation>
    </message>
    <message>
        <source>时长：</source>
        <translation>Duration:</translation>
    </message>
    <message>
        <source>画面：</source>
        <translation>Picture:</translation>
    </message>
    <message>
        <source>{w} × {h} 像素</source>
        <translation>{w} × {h} pixels</translation>
    </message>
    <message>
        <source>SHA-256：</source>
        <translation>SHA-256:</translation>
    </message>
    <message>
        <source>适应窗口</source>
        <translation>Fit to window</translation>
    </message>
    <message>
        <source>视频无法在此播放：播放组件会使安装包超出大小预算。为保护数据安全，视频只保存在加密保险库中，不会写成明文文件，也不会用其他程序打开；需要时可用“inspector evidence export”导出。</source>
        <translation>Videos do not play here: the player would make the installer exceed its size budget. To keep the data safe, a video stays only in the encrypted vault; it is never written as a plaintext file or opened in another program. Export it with “inspector evidence export” when needed.</translation>
    </message>
    <message>
        <source>该文件不是图片，无法在此预览。为保护数据安全，证据只保存在加密保险库中，不会写成明文文件，也不会用其他程序打开。</source>
        <translation>This file is not an image and cannot be previewed here. To keep the data safe, evidence stays in the encrypted vault only: it is never written out as a plain file or opened in another program.</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>编辑说明…</source>
        <translation>Edit caption…</translation>
    </message>
    <message>
        <source>替换文件…</source>
        <translation>Replace file…</translation>
    </message>
    <message>
        <source>删除…</source>
        <translation>Remove…</translation>
    </message>
    <message>
        <source>{title} — {context}</source>
        <translation>{title} — {context}</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>导出交换文件</source>
        <translation>Export a bundle</translation>
    </message>
    <message>
        <source>从证书文件…</source>
        <translation>From a certificate file…</translation>
    </message>
    <message>
        <source>选择接收方导出的证书文件（.pem / .crt），无需先加入信任列表</source>
        <translation>Choose the certificate file the recipient exported (.pem / .crt); it need not be in the trust store</translation>
    </message>
    <message>
        <source>接收方</source>
        <translation>Recipients</translation>
    </message>
    <message>
        <source>导出范围</source>
        <translation>What to export</translation>
    </message>
    <message>
        <source>本保险库中可同步的全部记录和证据文件。</source>
        <translation>Every record and evidence file of this vault that can be synchronised.</translation>
    </message>
    <message>
        <source>计划、被检查单位、检查组、检查表和各单位的自查报告。</source>
        <translation>Plans, departments, teams, checklists and self-assessments.</translation>
    </message>
    <message>
        <source>现场检查及结果、问题和证据、整改通知书和整改报告。</source>
        <translation>Inspections, findings, evidence, notices and reports.</translation>
    </message>
    <message>
        <source>仅导出上次发送后的更改</source>
        <translation>Only what changed since the last bundle</translation>
    </message>
    <message>
        <source>只包含上次发给所选接收方之后新增或修改的记录；对方须已导入之前的交换文件</source>
        <translation>Only records added or changed since the last bundle to the chosen recipients; they must have imported the earlier bundles</translation>
    </message>
    <message>
        <source>高级</source>
        <translation>Advanced</translation>
    </message>
    <message>
        <source>AES-256-GCM（默认）</source>
        <translation>AES-256-GCM (default)</translation>
    </message>
    <message>
        <source>SM4-GCM（国密算法）</source>
        <translation>SM4-GCM (Chinese national standard)</translation>
    </message>
    <message>
        <source>内容加密算法：</source>
        <translation>Content cipher:</translation>
    </message>
    <message>
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>正在读取信任列表…</source>
        <translation>Reading the trust store…</translation>
    </message>
    <message>
        <source>勾选接收方。只有所选接收方（和本机）能解密交换文件。</source>
        <translation>Tick the recipients. Only they (and this vault) can decrypt the bundle.</translation>
    </message>
    <message>
        <source>信任列表中还没有可接收的证书。请用“从证书文件…”选择接收方的证书，或先在“设置 → 签名身份与信任证书”中加入。</source>
        <translation>The trust store holds no certificate that can receive. Choose the recipient&apos;s certificate with &quot;From a certificate file…&quot;, or first add it under Settings → Signing identities and trusted certificates.</translation>
    </message>
    <message>
        <source>由 {name} 签名。交换文件同时为本机加密，以便日后查看。</source>
        <translation>Signed by {name}. The bundle is also encrypted for this vault, so it can be read here later.</translation>
    </message>
    <message>
        <source>还没有签名身份。</source>
        <translation>There is no signing identity yet.</translation>
    </message>
    <message>
        <source>{name}&#x3000;&#x3000;指纹 {fingerprint}</source>
        <translation>{name}    fingerprint {fingerprint}</translation>
    </message>
    <message>
        <source>（来自证书文件）</source>
        <translation> (from a certificate file)</translation>
    </message>
    <message>
        <source>这是本机自己的证书：交换文件总会同时为本机加密，无需再选。</source>
        <translation>This is this vault&apos;s own certificate: every bundle is encrypted for this vault anyway.</translation>
    </message>
    <message>
        <source>{n}位接收方</source>
        <translation>{n}-recipients</translation>
    </message>
    <message>
        <source>交换文件-致{who}-{time}</source>
        <translation>bundle-to-{who}-{time}</translation>
    </message>
    <message>
        <source>正在生成交换文件…</source>
        <translation>Writing the bundle…</translation>
    </message>
    <message>
        <source>已取消，未生成文件。</source>
        <translation>Cancelled; no file was written.</translation>
    </message>
</context>
<context>
    <name>FieldEditors</name>
    <message>
        <source>{label}：</source>
        <translation>{label}:</translation>
    </message>
    <message>
        <source>（不选）</source>
        <translation>(none)</translation>
    </message>
</context>
<context>
    <name>FieldsModel</name>
    <message>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>本机</source>
        <translation>This vault</translation>
    </message>
    <message>
        <source>收到的</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>（本机没有这条记录）</source>
        <translation>(no such record here)</translation>
    </message>
</context>
<context>
    <name>FindingDialog</name>
    <message>
        <source>问题</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>← 返回检查项</source>
        <translation>← Back to the item</translation>
    </message>
    <message>
        <source>回到检查清单中的同一检查项（Esc）；已输入的内容均已自动保存</source>
        <translation>Back to the same check item (Esc); everything typed is already saved</translation>
    </message>
    <message>
        <source>问题：{title}</source>
        <translation>Finding: {title}</translation>
    </message>
</context>
<context>
    <name>FindingEditor</name>
    <message>
        <source>← 返回列表</source>
        <translation>← Back to list</translation>
    </message>
    <message>
        <source>问题标题（必填）</source>
        <translation>Finding title (required)</translation>
    </message>
    <message>
        <source>删除…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>删除误录的问题（需填写原因）；已列入已签发通知书或检查已完成的问题不能删除</source>
        <translation>Delete a finding recorded in error (a reason is needed); a finding in an issued notice or of a completed inspection cannot be deleted</translation>
    </message>
    <message>
        <source>问题情况</source>
        <translation>Finding details</translation>
    </message>
    <message>
        <source>被检查单位：</source>
        <translation>Department:</translation>
    </message>
    <message>
        <source>检查项：</source>
        <translation>Check item:</translation>
    </message>
    <message>
        <source>地点：</source>
        <translation>Location:</translation>
    </message>
    <message>
        <source>问题描述：</source>
        <translation>Description:</translation>
    </message>
    <message>
        <source>失泄密隐患</source>
        <translation>Risk of leaking secrets</translation>
    </message>
    <message>
        <source>违法行为</source>
        <translation>Unlawful conduct</translation>
    </message>
    <message>
        <source>未设定</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>设定期限</source>
        <translation>Set deadline</translation>
    </message>
    <message>
        <source>清除期限</source>
        <translation>Clear deadline</translation>
    </message>
    <message>
        <source>定性与处理</source>
        <translation>Assessment and handling</translation>
    </message>
    <message>
        <source>严重程度：</source>
        <translation>Severity:</translation>
    </message>
    <message>
        <source>第三十三条：</source>
        <translation>Art. 33:</translation>
    </message>
    <message>
        <source>处理意见：</source>
        <translation>Handling opinion:</translation>
    </message>
    <message>
        <source>整改要求：</source>
        <translation>Rectification requirement:</translation>
    </message>
    <message>
        <source>整改期限：</source>
        <translation>Rectification deadline:</translation>
    </message>
    <message>
        <source>违反条款</source>
        <translation>Articles violated</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>状态历史</source>
        <translation>Status history</translation>
    </message>
    <message>
        <source>证据</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <source>返回问题列表（Esc）</source>
        <translation>Back to the list of findings (Esc)</translation>
    </message>
    <message>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>（未关联检查项）</source>
        <translation>(not linked to a check item)</translation>
    </message>
    <message>
        <source>该问题已列入已签发的整改通知书 {number}，通知书所载内容（问题、描述、条款、严重程度、处理意见、整改要求、整改期限）不能修改；如需更正，请在“整改”中起草更正通知。</source>
        <translation>This finding is stated in the issued notice {number}; what the notice states (finding, description, articles, severity, handling opinion, requirement, deadline) cannot change. To correct it, draft a correction notice under Rectification.</translation>
    </message>
    <message>
        <source>现场检查已完成，检查记录所载内容（问题、描述、地点、条款、严重程度、处理意见、证据）不能修改；如需更正，请先在“现场检查”中重新打开（更正）该检查。</source>
        <translation>The on-site inspection is completed; what its record states (finding, description, location, articles, severity, handling opinion, evidence) cannot change. To correct it, first reopen the inspection (correction) under Inspections.</translation>
    </message>
    <message>
        <source>已登记上报/移送，不能取消</source>
        <translation>Already reported / referred: it cannot be withdrawn</translation>
    </message>
    <message>
        <source>问题标题不能为空；标题未保存。</source>
        <translation>The finding title cannot be empty; the title was not saved.</translation>
    </message>
    <message>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <source>未修改（保留签字）</source>
        <translation>Not changed (signature kept)</translation>
    </message>
    <message>
        <source>删除问题</source>
        <translation>Delete finding</translation>
    </message>
    <message>
        <source>删除问题“{title}”？
其证据文件、状态历史和第三十三条记录一并删除，不能撤销；删除及原因记入审计记录，并随交换文件同步到其他设备。</source>
        <translation>Delete the finding “{title}”?
Its evidence files, status history and art. 33 records go with it; this cannot be undone. The deletion and its reason go into the audit trail and travel with bundles to the other devices.</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
</context>
<context>
    <name>FindingEvidence</name>
    <message>
        <source>问题证据</source>
        <translation>Evidence of the finding</translation>
    </message>
    <message>
        <source>检查项的现场证据</source>
        <translation>On-site evidence of the check item</translation>
    </message>
    <message>
        <source>现场检查时为该检查项记录的证据（只读）</source>
        <translation>Evidence recorded for this check item during the on-site inspection (read-only)</translation>
    </message>
    <message>
        <source>检查项 {code}</source>
        <translation>Checklist item {code}</translation>
    </message>
    <message>
        <source>问题：{title}</source>
        <translation>Finding: {title}</translation>
    </message>
</context>
<context>
    <name>FindingLabels</name>
    <message>
        <source>须向保密主管部门报告（第三十三条）</source>
        <translation>Must be reported to the secrecy authority (art. 33)</translation>
    </message>
    <message>
        <source>应立即制止，并提请公安机关依法查处（第三十三条）</source>
        <translation>Must be stopped at once and referred to the police for action under the law (art. 33)</translation>
    </message>
</context>
<context>
    <name>FindingsPage</name>
    <message>
        <source>搜索标题、描述、地点、处理意见、整改要求、被检查单位</source>
        <translation>Search title, description, location, opinion, requirement, department</translation>
    </message>
    <message>
        <source>全部单位</source>
        <translation>All departments</translation>
    </message>
    <message>
        <source>全部严重程度</source>
        <translation>All severities</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>仅显示逾期</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>共 {n} 项</source>
        <translation>Total: {n}</translation>
    </message>
    <message>
        <source>{n} 项（共 {total} 项）</source>
        <translation>{n} of {total}</translation>
    </message>
    <message>
        <source>没有符合条件的问题。</source>
        <translation>No findings match.</translation>
    </message>
    <message>
        <source>保险库中还没有问题。现场检查中发现的问题会列在这里。</source>
        <translation>The vault has no findings yet. Findings from on-site inspections are listed here.</translation>
    </message>
</context>
<context>
    <name>FindingsTableModel</name>
    <message>
        <source>问题</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>被检查单位</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>严重程度</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>整改期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>发现时间</source>
        <translation>Found</translation>
    </message>
    <message>
        <source>已超过整改期限</source>
        <translation>Past the rectification deadline</translation>
    </message>
    <message>
        <source>失泄密隐患：</source>
        <translation>Risk of leaking secrets: </translation>
    </message>
    <message>
        <source>违法行为：</source>
        <translation>Unlawful conduct: </translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Inspector — 首次使用</source>
        <translation>Inspector — First-Time Setup</translation>
    </message>
    <message>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>上一步</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>创建保险库</source>
        <translation>Create vault</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>正在创建加密保险库…</source>
        <translation>Creating the encrypted vault…</translation>
    </message>
</context>
<context>
    <name>FirstSteps</name>
    <message>
        <source>确认本单位名称和文号格式</source>
        <translation>Confirm your organisation&apos;s name and document number format</translation>
    </message>
    <message>
        <source>印在每份文书上，整改通知书按文号格式编号</source>
        <translation>Printed on every document; notices are numbered by this format</translation>
    </message>
    <message>
        <source>前往设置</source>
        <translation>Go to Settings</translation>
    </message>
    <message>
        <source>创建签名身份</source>
        <translation>Create signing identity</translation>
    </message>
    <message>
        <source>签署检查记录、签发整改通知书都需要</source>
        <translation>Needed to sign records and issue notices</translation>
    </message>
    <message>
        <source>添加被检查单位</source>
        <translation>Add departments</translation>
    </message>
    <message>
        <source>可逐个添加，也可从 xlsx/csv 名单导入</source>
        <translation>One by one, or imported from an xlsx/csv list</translation>
    </message>
    <message>
        <source>前往被检查单位</source>
        <translation>Go to Departments</translation>
    </message>
    <message>
        <source>新建第一个检查计划</source>
        <translation>Create the first inspection plan</translation>
    </message>
    <message>
        <source>确定检查对象、时间安排和检查组</source>
        <translation>Choose the departments, the dates and the team</translation>
    </message>
    <message>
        <source>前往检查计划</source>
        <translation>Go to Plans</translation>
    </message>
</context>
<context>
    <name>FirstStepsBox</name>
    <message>
        <source>开始使用</source>
        <translation>Getting started</translation>
    </message>
    <message>
        <source>{what}（已完成）</source>
        <translation>{what} (done)</translation>
    </message>
</context>
<context>
    <name>FormFlows</name>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx);;所有文件 (*)</source>
        <translation>Excel workbook (*.xlsx);;All files (*)</translation>
    </message>
    <message>
        <source>Inspector — 出错</source>
        <translation>Inspector — Error</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>状态变更</source>
        <translation>Status change</translation>
    </message>
    <message>
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <source>原因 / 意见</source>
        <translation>Reason / note</translation>
    </message>
    <message>
        <source>{old} → {new}</source>
        <translation>{old} → {new}</translation>
    </message>
</context>
<context>
    <name>HubConnectDialog</name>
    <message>
        <source>连接办公室集中库</source>
        <translation>Connect to the office hub</translation>
    </message>
    <message>
        <source>办公室集中库是一个 PostgreSQL 数据库，多位工作人员可同时使用。连接全程加密（TLS），并校验服务器证书。</source>
        <translation>The office hub is a PostgreSQL database that several staff use at once. The connection is encrypted throughout (TLS) and the server&apos;s certificate is verified.</translation>
    </message>
    <message>
        <source>Inspector 已锁定。请重新输入集中库密码：</source>
        <translation>Inspector is locked. Enter the hub password again:</translation>
    </message>
    <message>
        <source>留空则使用系统信任的证书颁发机构</source>
        <translation>Empty: the certificate authorities the system trusts</translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>留空则使用系统密钥环中保存的密码</source>
        <translation>Empty: the password kept in the system keyring</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>在系统密钥环中记住密码</source>
        <translation>Remember the password in the system keyring</translation>
    </message>
    <message>
        <source>可选：保存为连接配置的名称（不含密码）</source>
        <translation>Optional: save as a profile of this name (without the password)</translation>
    </message>
    <message>
        <source>服务器</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>端口</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>数据库</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>CA 证书</source>
        <translation>CA certificate</translation>
    </message>
    <message>
        <source>连接配置</source>
        <translation>Profile</translation>
    </message>
    <message>
        <source>连接</source>
        <translation>Connect</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>选择 CA 证书</source>
        <translation>Choose the CA certificate</translation>
    </message>
    <message>
        <source>证书 (*.pem *.crt *.cer);;所有文件 (*)</source>
        <translation>Certificates (*.pem *.crt *.cer);;All files (*)</translation>
    </message>
</context>
<context>
    <name>IdentitiesModel</name>
    <message>
        <source>签名人</source>
        <translation>Signer</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>证书指纹</source>
        <translation>Certificate fingerprint</translation>
    </message>
    <message>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>本机创建</source>
        <translation>Created here</translation>
    </message>
    <message>
        <source>导入（PKCS#12）</source>
        <translation>Imported (PKCS#12)</translation>
    </message>
</context>
<context>
    <name>IdentityPage</name>
    <message>
        <source>检查人员身份</source>
        <translation>Your identity</translation>
    </message>
    <message>
        <source>您的姓名和执法证号会写入检查记录和审计日志。</source>
        <translation>Your name and badge number go into the inspection records and the audit log.</translation>
    </message>
    <message>
        <source>例如：晋执 14050001</source>
        <translation>e.g. 晋执 14050001</translation>
    </message>
    <message>
        <source>同时创建我的签名身份（推荐）</source>
        <translation>Also create my signing identity (recommended)</translation>
    </message>
    <message>
        <source>姓名：</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>执法证号：</source>
        <translation>Badge number:</translation>
    </message>
    <message>
        <source>所在单位：</source>
        <translation>Organisation:</translation>
    </message>
    <message>
        <source>签名身份：</source>
        <translation>Signing identity:</translation>
    </message>
    <message>
        <source>暂不创建。以后可在“设置 → 签名身份与信任证书”中创建；在此之前无法对文书和交换文件签名。</source>
        <translation>Not now. You can create it later in Settings → Signing identities and trusted certificates; until then documents and bundles cannot be signed.</translation>
    </message>
    <message>
        <source>您的姓名</source>
        <translation>your name</translation>
    </message>
    <message>
        <source>{name}（{organisation}）</source>
        <translation>{name} ({organisation})</translation>
    </message>
    <message>
        <source>用于对现场检查记录、整改通知书和交换文件进行数字签名。密钥只保存在加密保险库中；证书上的名称为：{holder}。</source>
        <translation>Signs on-site records, rectification notices and bundles. The key stays inside the encrypted vault; the certificate names {holder}.</translation>
    </message>
    <message>
        <source>请填写检查人员姓名。</source>
        <translation>Enter the inspector&apos;s name.</translation>
    </message>
</context>
<context>
    <name>ImportFlow</name>
    <message>
        <source>正在检查交换文件…</source>
        <translation>Checking the bundle…</translation>
    </message>
    <message>
        <source>正在导入交换文件…</source>
        <translation>Importing the bundle…</translation>
    </message>
</context>
<context>
    <name>ImportRowsModel</name>
    <message>
        <source>行</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>单位名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Contact phone</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>可导入</source>
        <translation>Can be imported</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
</context>
<context>
    <name>InspectionRunner</name>
    <message>
        <source>检查小结</source>
        <translation>Inspection summary</translation>
    </message>
    <message>
        <source>检查组的总体意见，印在检查记录上，单位代表签字确认；完成检查前必须填写</source>
        <translation>The team&apos;s overall opinion, printed on the record and confirmed by the representative&apos;s signature; required before completing</translation>
    </message>
    <message>
        <source>正在读取检查记录…</source>
        <translation>Reading the inspection record…</translation>
    </message>
    <message>
        <source>检查组的总体意见：检查范围、主要问题、整改要求等（随输入自动保存）</source>
        <translation>The team&apos;s overall opinion: scope, main problems, what must be rectified (saved as you type)</translation>
    </message>
    <message>
        <source>（无检查小结）</source>
        <translation>(no summary)</translation>
    </message>
    <message>
        <source>{department}：本次现场检查共 {total} 项，已检查 {answered} 项，其中不符合 {non} 项、部分符合 {partial} 项；发现问题 {findings} 个。
请单位代表确认现场检查记录后签字。</source>
        <translation>{department}: this on-site inspection has {total} check items; {answered} have been checked, with {non} non-compliant and {partial} partly compliant; findings opened: {findings}.
The department&apos;s representative is asked to confirm the on-site record and then sign.</translation>
    </message>
</context>
<context>
    <name>InspectionStatus</name>
    <message>
        <source>计划中</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>进行中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Completed</translation>
    </message>
</context>
<context>
    <name>InspectionsPage</name>
    <message>
        <source>新建检查…</source>
        <translation>New inspection…</translation>
    </message>
    <message>
        <source>选择检查计划和被检查单位，开始现场检查</source>
        <translation>Choose an inspection plan and a department to start an on-site inspection</translation>
    </message>
    <message>
        <source>打开检查</source>
        <translation>Open inspection</translation>
    </message>
    <message>
        <source>还没有现场检查。点击“新建检查…”，选择检查计划和被检查单位即可开始。</source>
        <translation>No on-site inspections yet. Click &quot;New inspection…&quot; and choose an inspection plan and a department to start.</translation>
    </message>
    <message>
        <source>现场检查</source>
        <translation>On-site inspections</translation>
    </message>
    <message>
        <source>新建现场检查</source>
        <translation>New On-Site Inspection</translation>
    </message>
    <message>
        <source>没有可以开始检查的计划对象：请先在检查计划中添加被检查单位。</source>
        <translation>There is no planned department to inspect: first add departments to an inspection plan.</translation>
    </message>
</context>
<context>
    <name>InspectionsTableModel</name>
    <message>
        <source>被检查单位</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>检查计划</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>进度</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>开始时间</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>{department}（复查）</source>
        <translation>{department} (re-inspection)</translation>
    </message>
    <message>
        <source>（无计划）</source>
        <translation>(no plan)</translation>
    </message>
    <message>
        <source>{status}（已签字）</source>
        <translation>{status} (signed)</translation>
    </message>
    <message>
        <source>计划 {day}</source>
        <translation>Planned {day}</translation>
    </message>
    <message>
        <source>复查：整改通知书{number}</source>
        <translation>Re-inspection of rectification notice {number}</translation>
    </message>
</context>
<context>
    <name>ItemPanel</name>
    <message>
        <source>快捷键：在检查项列表中按 {key}，或在任何位置按 Alt+{key}；再按一次取消结论</source>
        <translation>Shortcut: {key} in the check item list, or Alt+{key} anywhere; press again to clear the verdict</translation>
    </message>
    <message>
        <source>新建问题</source>
        <translation>New finding</translation>
    </message>
    <message>
        <source>由本检查项新建问题草稿（带出条款与默认严重程度）</source>
        <translation>Open a draft finding from this check item (with its articles and default severity)</translation>
    </message>
    <message>
        <source>检查要求</source>
        <translation>Requirement</translation>
    </message>
    <message>
        <source>单位自查</source>
        <translation>Department&apos;s self-inspection</translation>
    </message>
    <message>
        <source>整改通知书所列问题</source>
        <translation>Findings of the rectification notice</translation>
    </message>
    <message>
        <source>检查记录</source>
        <translation>Inspection notes</translation>
    </message>
    <message>
        <source>请在左侧选择检查项</source>
        <translation>Select a check item on the left</translation>
    </message>
    <message>
        <source>整改期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>单位报告的整改措施</source>
        <translation>Rectification reported by the department</translation>
    </message>
    <message>
        <source>（单位未报告整改情况）</source>
        <translation>(the department has not reported its rectification)</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>已有问题 {n} 个：{links}</source>
        <translation>Findings ({n}): {links}</translation>
    </message>
    <message>
        <source>检查记录：现场看到的情况、询问要点……（随输入自动保存）</source>
        <translation>Inspection notes: what you see on site, key points from interviews… (saved as you type)</translation>
    </message>
    <message>
        <source>（无检查记录）</source>
        <translation>(no notes)</translation>
    </message>
    <message>
        <source>检查已完成，不能再新建问题；如需更正，请先“重新打开（更正）”该检查</source>
        <translation>The inspection is completed: no new findings. To correct it, first reopen it (correction)</translation>
    </message>
    <message>
        <source>检查方法</source>
        <translation>How to check</translation>
    </message>
    <message>
        <source>依据条款</source>
        <translation>Articles cited</translation>
    </message>
    <message>
        <source>未提交自查</source>
        <translation>No self-report submitted</translation>
    </message>
    <message>
        <source>自查中未回答本项</source>
        <translation>Not answered in the self-report</translation>
    </message>
    <message>
        <source>佐证材料</source>
        <translation>Supporting evidence</translation>
    </message>
    <message>
        <source>自查表：{who}，{when} 收到</source>
        <translation>Self-inspection form: {who}, received {when}</translation>
    </message>
    <message>
        <source>未署名</source>
        <translation>name not given</translation>
    </message>
</context>
<context>
    <name>ItemsModel</name>
    <message>
        <source>章节</source>
        <translation>Section</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>条款</source>
        <translation>Clause</translation>
    </message>
    <message>
        <source>严重程度</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>已通知</source>
        <translation>Notified</translation>
    </message>
    <message>
        <source>整改中</source>
        <translation>Rectifying</translation>
    </message>
    <message>
        <source>已报整改</source>
        <translation>Reported</translation>
    </message>
    <message>
        <source>已核验</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source>已关闭</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>已重新打开</source>
        <translation>Reopened</translation>
    </message>
    <message>
        <source>一般</source>
        <translation>General</translation>
    </message>
    <message>
        <source>较大</source>
        <translation>Major</translation>
    </message>
    <message>
        <source>重大</source>
        <translation>Critical</translation>
    </message>
    <message>
        <source>已办结</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>（草稿，签发时编号）</source>
        <translation>(draft, numbered when issued)</translation>
    </message>
    <message>
        <source>北京时间</source>
        <translation>Beijing time</translation>
    </message>
    <message>
        <source>本应用显示的时间均为北京时间（UTC+8），与导出的文书一致，不随本机时区变化。</source>
        <translation>Every time this application shows is Beijing time (UTC+8), as in the exported documents, whatever this computer&apos;s time zone.</translation>
    </message>
    <message>
        <source>剩余 {n} 天</source>
        <translation>{n} days left</translation>
    </message>
    <message>
        <source>今天到期</source>
        <translation>Due today</translation>
    </message>
    <message>
        <source>逾期 {n} 天</source>
        <translation>{n} days overdue</translation>
    </message>
</context>
<context>
    <name>LetterDialog</name>
    <message>
        <source>公文</source>
        <translation>Letters</translation>
    </message>
    <message>
        <source>新建…</source>
        <translation>New…</translation>
    </message>
    <message>
        <source>多个机关用“、”分隔；留空则不抄送</source>
        <translation>Separate offices with “、”; leave empty for no copies</translation>
    </message>
    <message>
        <source>版记与附注</source>
        <translation>Colophon and note</translation>
    </message>
    <message>
        <source>抄送：</source>
        <translation>Copies to:</translation>
    </message>
    <message>
        <source>联系人：</source>
        <translation>Contact:</translation>
    </message>
    <message>
        <source>电话：</source>
        <translation>Telephone:</translation>
    </message>
    <message>
        <source>选择左侧的公文，或用“新建…”起草一份。</source>
        <translation>Choose a letter on the left, or draft one with “New…”.</translation>
    </message>
    <message>
        <source>删除草稿…</source>
        <translation>Delete draft…</translation>
    </message>
    <message>
        <source>保存草稿</source>
        <translation>Save draft</translation>
    </message>
    <message>
        <source>签发…</source>
        <translation>Issue…</translation>
    </message>
    <message>
        <source>编号并冻结：签发后编号不可更改，内容不能再修改</source>
        <translation>Number and freeze it: once issued, its number and text can no longer change</translation>
    </message>
    <message>
        <source>预览/导出…</source>
        <translation>Preview / export…</translation>
    </message>
    <message>
        <source>预览这份公文，打印或导出 PDF（签发后可签名）</source>
        <translation>Preview this letter, print it or export it as PDF (it can be signed once issued)</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>整改通知书 {number} · {department}</source>
        <translation>Rectification notice {number} · {department}</translation>
    </message>
    <message>
        <source>（草稿）</source>
        <translation>(draft)</translation>
    </message>
    <message>
        <source>{plan} · {department}</source>
        <translation>{plan} · {department}</translation>
    </message>
    <message>
        <source>公文 · {department}</source>
        <translation>Letters · {department}</translation>
    </message>
    <message>
        <source>本通知书的公文：</source>
        <translation>Letters of this notice:</translation>
    </message>
    <message>
        <source>本单位的公文：</source>
        <translation>Letters to this department:</translation>
    </message>
    <message>
        <source>本计划的公文：</source>
        <translation>Letters of this plan:</translation>
    </message>
    <message>
        <source>新建{kind}</source>
        <translation>New: {kind}</translation>
    </message>
    <message>
        <source>{kind}
{number}
{date} 签发</source>
        <translation>{kind}
{number}
issued {date}</translation>
    </message>
    <message>
        <source>{kind}
草稿</source>
        <translation>{kind}
Draft</translation>
    </message>
    <message>
        <source>已签发（{date}）：编号和内容已冻结，只能预览、打印和导出。</source>
        <translation>Issued ({date}): its number and text are frozen; it can only be previewed, printed and exported.</translation>
    </message>
    <message>
        <source>已导出过。</source>
        <translation> It has been exported.</translation>
    </message>
    <message>
        <source>草稿：签发时编号（与整改通知书同一发文序列）。</source>
        <translation>Draft: numbered when issued (in the same series as the rectification notices).</translation>
    </message>
    <message>
        <source>尚不能签发：{why}</source>
        <translation>Cannot be issued yet: {why}</translation>
    </message>
    <message>
        <source>正在保存公文…</source>
        <translation>Saving the letter…</translation>
    </message>
    <message>
        <source>正在起草公文…</source>
        <translation>Drafting the letter…</translation>
    </message>
    <message>
        <source>签发公文</source>
        <translation>Issue the letter</translation>
    </message>
    <message>
        <source>签发后编号不可更改，内容也不能再修改或删除。
确定签发这份{kind}吗？</source>
        <translation>Once issued, its number cannot change, and its text can no longer be changed or deleted.
Issue this {kind}?</translation>
    </message>
    <message>
        <source>签发</source>
        <translation>Issue</translation>
    </message>
    <message>
        <source>删除草稿</source>
        <translation>Delete draft</translation>
    </message>
    <message>
        <source>删除这份{kind}草稿？</source>
        <translation>Delete this draft {kind}?</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>正在签发公文…</source>
        <translation>Issuing the letter…</translation>
    </message>
    <message>
        <source>正在删除草稿…</source>
        <translation>Deleting the draft…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Inspector — 政务数据安全监督检查</source>
        <translation>Inspector — Government Data Security Inspection</translation>
    </message>
    <message>
        <source>正在打开保险库…</source>
        <translation>Opening the vault…</translation>
    </message>
    <message>
        <source>{n} 项待上报或移送（第三十三条）</source>
        <translation>{n} to report or refer (art. 33)</translation>
    </message>
    <message>
        <source>{n} 个现场检查进行中</source>
        <translation>{n} inspections in progress</translation>
    </message>
    <message>
        <source>{n} 个问题逾期未整改</source>
        <translation>{n} findings overdue</translation>
    </message>
    <message>
        <source>{n} 个问题已报整改，待核验</source>
        <translation>{n} findings reported rectified, to verify</translation>
    </message>
    <message>
        <source>{n} 处同步冲突待处理</source>
        <translation>{n} sync conflicts to resolve</translation>
    </message>
    <message>
        <source>集中库：{name}（{role}）</source>
        <translation>Hub: {name} ({role})</translation>
    </message>
    <message>
        <source>只读</source>
        <translation>Read-only</translation>
    </message>
    <message>
        <source>保险库：{path}</source>
        <translation>Vault: {path}</translation>
    </message>
    <message>
        <source>已清理 {n} 个上次中断时留下的证据文件（没有对应记录，无法读取），已记入审计记录。</source>
        <translation>Removed {n} evidence file(s) left by an interrupted operation (no record named them; they could not be read); the audit trail records it.</translation>
    </message>
    <message>
        <source>时间：{zone}</source>
        <translation>Times: {zone}</translation>
    </message>
    <message>
        <source>演示保险库：口令公开，自动解锁</source>
        <translation>Demo vault: public passphrase, unlocks by itself</translation>
    </message>
    <message>
        <source>演示保险库的恢复口令是公开的，本应用启动时自动输入；真实数据请使用自己的保险库。</source>
        <translation>The demo vault&apos;s recovery passphrase is public and the application enters it at start. Keep real data in a vault of your own.</translation>
    </message>
    <message>
        <source>每次需输入恢复口令</source>
        <translation>Recovery passphrase needed each time</translation>
    </message>
    <message>
        <source>密钥保存在系统密钥环</source>
        <translation>Key kept in the system keyring</translation>
    </message>
</context>
<context>
    <name>MarkedCalendar</name>
    <message>
        <source>检{n}</source>
        <translation>Insp. {n}</translation>
    </message>
    <message>
        <source>复{n}</source>
        <translation>Re-insp. {n}</translation>
    </message>
    <message>
        <source>限{n}</source>
        <translation>Due {n}</translation>
    </message>
</context>
<context>
    <name>NewInspectionDialog</name>
    <message>
        <source>新建现场检查</source>
        <translation>New On-Site Inspection</translation>
    </message>
    <message>
        <source>如：信息中心机房、三楼会议室</source>
        <translation>e.g. information centre server room, third-floor meeting room</translation>
    </message>
    <message>
        <source>检查计划：</source>
        <translation>Inspection plan:</translation>
    </message>
    <message>
        <source>被检查单位：</source>
        <translation>Department:</translation>
    </message>
    <message>
        <source>检查地点：</source>
        <translation>Location:</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>{name}（今日安排）</source>
        <translation>{name} (scheduled today)</translation>
    </message>
    <message>
        <source>该单位在本计划下已有进行中的检查，将打开该检查。</source>
        <translation>An inspection of this department under this plan is already in progress; it will be opened.</translation>
    </message>
    <message>
        <source>打开检查</source>
        <translation>Open inspection</translation>
    </message>
    <message>
        <source>开始检查</source>
        <translation>Start inspection</translation>
    </message>
</context>
<context>
    <name>NoticeDetailPane</name>
    <message>
        <source>公文…</source>
        <translation>Letters…</translation>
    </message>
    <message>
        <source>本通知书的整改复查意见书、督办通知，以及涉及第三十三条的报告和移送函</source>
        <translation>This notice&apos;s rectification review and urging notice, and the art. 33 report and referral where they apply</translation>
    </message>
    <message>
        <source>复查…</source>
        <translation>Re-inspection…</translation>
    </message>
    <message>
        <source>整改期限届满或单位报告整改后，安排现场复查；复查结论核验或重新打开所列问题</source>
        <translation>Once the deadline has passed or the department has reported, schedule an on-site re-inspection; its verdicts verify or reopen the notice&apos;s findings</translation>
    </message>
    <message>
        <source>被检查单位：</source>
        <translation>Department:</translation>
    </message>
    <message>
        <source>检查计划：</source>
        <translation>Plan:</translation>
    </message>
    <message>
        <source>签发 / 期限：</source>
        <translation>Issued / deadline:</translation>
    </message>
    <message>
        <source>状态：</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>复查：</source>
        <translation>Re-inspection:</translation>
    </message>
    <message>
        <source>更正原因：</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>开始整改</source>
        <translation>Start rectifying</translation>
    </message>
    <message>
        <source>单位已着手整改</source>
        <translation>The department has started the rectification</translation>
    </message>
    <message>
        <source>登记已报整改</source>
        <translation>Record as reported</translation>
    </message>
    <message>
        <source>单位已报送整改情况（如纸质报告）</source>
        <translation>The department has reported its rectification (e.g. on paper)</translation>
    </message>
    <message>
        <source>核验通过…</source>
        <translation>Verify…</translation>
    </message>
    <message>
        <source>核验整改结果，需填写核验意见</source>
        <translation>Verify the rectification; a verification note is required</translation>
    </message>
    <message>
        <source>重新打开…</source>
        <translation>Reopen…</translation>
    </message>
    <message>
        <source>整改不到位或复查发现问题，需填写原因和新期限</source>
        <translation>The rectification falls short or a re-inspection found the problem again; needs a reason and a new deadline</translation>
    </message>
    <message>
        <source>关闭问题</source>
        <translation>Close finding</translation>
    </message>
    <message>
        <source>核验通过后关闭问题</source>
        <translation>Close the finding after verification</translation>
    </message>
    <message>
        <source>打开问题</source>
        <translation>Open finding</translation>
    </message>
    <message>
        <source>更正通知：更正{original}。签发后，所列问题的内容按下表修改。</source>
        <translation>Correction notice for {original}. Once issued, its findings change as the table shows.</translation>
    </message>
    <message>
        <source>更正通知：更正{original}，已签发生效。</source>
        <translation>Correction notice for {original}, issued and in force.</translation>
    </message>
    <message>
        <source>已被{by}更正：所列问题的内容以更正通知为准。</source>
        <translation>Corrected by {by}: for its findings, the correction notice applies.</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>未选择整改通知书</source>
        <translation>No notice selected</translation>
    </message>
    <message>
        <source>{number} · 更正通知</source>
        <translation>{number} · correction notice</translation>
    </message>
    <message>
        <source>（未关联计划）</source>
        <translation>(no plan)</translation>
    </message>
    <message>
        <source>{issued} 签发，{deadline} 前完成整改</source>
        <translation>Issued {issued}, rectify by {deadline}</translation>
    </message>
    <message>
        <source>已签发</source>
        <translation>issued</translation>
    </message>
    <message>
        <source>{state}（{n} 项逾期）</source>
        <translation>{state} ({n} overdue)</translation>
    </message>
    <message>
        <source>已完成 {day}</source>
        <translation>Completed {day}</translation>
    </message>
    <message>
        <source>进行中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>已安排 {day}</source>
        <translation>Scheduled {day}</translation>
    </message>
    <message>
        <source>未定日期</source>
        <translation>no date yet</translation>
    </message>
    <message>
        <source>{text}（第 {n} 次复查）</source>
        <translation>{text} (re-inspection no. {n})</translation>
    </message>
    <message>
        <source>可以安排</source>
        <translation>Can be scheduled</translation>
    </message>
    <message>
        <source>尚不能安排（整改期限未到，且有问题未报整改）</source>
        <translation>Not yet (the deadline has not passed and some findings are not reported)</translation>
    </message>
    <message>
        <source>在上方列表中选择一份整改通知书。</source>
        <translation>Select a notice in the list above.</translation>
    </message>
    <message>
        <source>整改步骤在原通知书{original}中办理。</source>
        <translation>Rectification steps are taken on the original notice {original}.</translation>
    </message>
    <message>
        <source>草稿尚未签发：签发后问题变为“已通知”，才能办理整改。</source>
        <translation>This draft is not issued yet: once issued, its findings become notified and can be worked on.</translation>
    </message>
    <message>
        <source>选择一个问题以办理整改。</source>
        <translation>Select a finding to work on its rectification.</translation>
    </message>
    <message>
        <source>此问题当前状态下没有可办理的整改步骤。</source>
        <translation>No rectification step is possible for this finding in its current status.</translation>
    </message>
</context>
<context>
    <name>NoticeFindingsModel</name>
    <message>
        <source>问题</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>严重程度</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>整改期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>剩余时间</source>
        <translation>Time left</translation>
    </message>
    <message>
        <source>核验意见：{note}</source>
        <translation>Verification note: {note}</translation>
    </message>
</context>
<context>
    <name>NoticesTableModel</name>
    <message>
        <source>文号</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>被检查单位</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>签发日期</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>整改期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>问题数</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>{number} · 更正通知（更正{original}）</source>
        <translation>{number} · correction (of {original})</translation>
    </message>
    <message>
        <source>{number}（已被{by}更正）</source>
        <translation>{number} (corrected by {by})</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>已签发</source>
        <translation>issued</translation>
    </message>
    <message>
        <source>更正通知：更正{original}所列问题的内容，签发后生效</source>
        <translation>Correction notice: corrects findings of {original}; in force once issued</translation>
    </message>
    <message>
        <source>此通知书已被{by}更正：以更正后的内容为准</source>
        <translation>This notice was corrected by {by}: the corrected content applies</translation>
    </message>
    <message>
        <source>未办结 {open} 项，逾期 {overdue} 项</source>
        <translation>{open} not closed, {overdue} overdue</translation>
    </message>
</context>
<context>
    <name>OptionalDate</name>
    <message>
        <source>勾选后填写日期；不勾选则不填</source>
        <translation>Tick to give a date; leave unticked for none</translation>
    </message>
</context>
<context>
    <name>OrganisationPage</name>
    <message>
        <source>单位设置</source>
        <translation>Your organisation</translation>
    </message>
    <message>
        <source>印在整改通知书等文书上；以后可在“设置”中修改。</source>
        <translation>Printed on rectification notices and other documents; you can change it later in Settings.</translation>
    </message>
    <message>
        <source>{year} 填入年份，{serial} 填入当年的序号（必填）。</source>
        <translation>{year} is replaced by the year and {serial} by the serial number within the year ({serial} is required).</translation>
    </message>
    <message>
        <source>单位名称：</source>
        <translation>Organisation name:</translation>
    </message>
    <message>
        <source>文号格式：</source>
        <translation>Document number format:</translation>
    </message>
    <message>
        <source>示例：</source>
        <translation>Example:</translation>
    </message>
    <message>
        <source>请填写单位名称。</source>
        <translation>Enter the organisation name.</translation>
    </message>
</context>
<context>
    <name>OverdueModel</name>
    <message>
        <source>被检查单位</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>整改期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>{status}，{severity}。单击打开此问题</source>
        <translation>{status}, {severity}. Click to open the finding</translation>
    </message>
</context>
<context>
    <name>PassphraseFields</name>
    <message>
        <source>请务必牢记并妥善保管恢复口令：它无法找回，也无法重置。更换电脑或系统密钥环丢失时，没有它就再也打不开保险库。</source>
        <translation>Remember the recovery passphrase and keep it safe: it cannot be retrieved or reset. On a new computer, or if the system keyring is lost, the vault cannot be opened without it.</translation>
    </message>
    <message>
        <source>恢复口令：</source>
        <translation>Recovery passphrase:</translation>
    </message>
    <message>
        <source>再次输入：</source>
        <translation>Enter it again:</translation>
    </message>
    <message>
        <source>至少 8 个字符。几个词组成的一句话，比短而复杂的密码更好记也更安全。</source>
        <translation>At least 8 characters. A sentence of a few words is easier to remember and safer than a short, complicated password.</translation>
    </message>
    <message>
        <source>弱，容易被猜中：请再加几个词</source>
        <translation>weak, easy to guess: add a few more words</translation>
    </message>
    <message>
        <source>一般，再长一些会更安全</source>
        <translation>fair, longer would be safer</translation>
    </message>
    <message>
        <source>较强，不易被猜中</source>
        <translation>good, hard to guess</translation>
    </message>
    <message>
        <source>强，极难被猜中</source>
        <translation>strong, very hard to guess</translation>
    </message>
    <message>
        <source>小写字母</source>
        <translation>lower-case letters</translation>
    </message>
    <message>
        <source>大写字母</source>
        <translation>capital letters</translation>
    </message>
    <message>
        <source>数字</source>
        <translation>digits</translation>
    </message>
    <message>
        <source>符号</source>
        <translation>symbols</translation>
    </message>
    <message>
        <source>空格</source>
        <translation>spaces</translation>
    </message>
    <message>
        <source>汉字</source>
        <translation>Chinese characters</translation>
    </message>
    <message>
        <source>其他字符</source>
        <translation>other characters</translation>
    </message>
    <message>
        <source>强度：{verdict}（{n} 个字符，含{kinds}）</source>
        <translation>Strength: {verdict} ({n} characters: {kinds})</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>两次输入的恢复口令不一致。</source>
        <translation>The two recovery passphrases do not match.</translation>
    </message>
</context>
<context>
    <name>PassphrasePage</name>
    <message>
        <source>恢复口令</source>
        <translation>Recovery passphrase</translation>
    </message>
    <message>
        <source>平时由系统密钥环自动解锁；换电脑或密钥环丢失时，需要用恢复口令打开保险库。</source>
        <translation>Normally the system keyring unlocks the vault for you; on a new computer, or if the keyring is lost, you need the recovery passphrase to open the vault.</translation>
    </message>
</context>
<context>
    <name>PlanEditor</name>
    <message>
        <source>添加单位…</source>
        <translation>Add department…</translation>
    </message>
    <message>
        <source>修改…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>被检查单位</source>
        <translation>Departments</translation>
    </message>
    <message>
        <source>创建计划</source>
        <translation>Create plan</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>新建检查计划</source>
        <translation>New Inspection Plan</translation>
    </message>
    <message>
        <source>编辑检查计划</source>
        <translation>Edit Inspection Plan</translation>
    </message>
    <message>
        <source>填写完毕后点击“创建计划”。</source>
        <translation>When you have filled it in, click &quot;Create plan&quot;.</translation>
    </message>
    <message>
        <source>修改会自动保存。</source>
        <translation>Changes are saved automatically.</translation>
    </message>
    <message>
        <source>{text}（已废止）</source>
        <translation>{text} (retired)</translation>
    </message>
    <message>
        <source>《{title}》（{doc_number}）有效期：{start} 至 {end}</source>
        <translation>{title} ({doc_number}) valid: {start} to {end}</translation>
    </message>
    <message>
        <source>长期</source>
        <translation>open-ended</translation>
    </message>
    <message>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>已保存。修改会自动保存。</source>
        <translation>Saved. Changes are saved automatically.</translation>
    </message>
    <message>
        <source>有修改未保存。</source>
        <translation>Some changes are not saved yet.</translation>
    </message>
    <message>
        <source>未保存：显示的是他人修改后的计划。</source>
        <translation>Not saved: the plan is shown as someone else saved it.</translation>
    </message>
    <message>
        <source>计划已创建。之后的修改会自动保存。</source>
        <translation>Plan created. Further changes are saved automatically.</translation>
    </message>
    <message>
        <source>有修改未能保存（原因见上）。再次点击“关闭”将放弃这些修改。</source>
        <translation>Some changes could not be saved (the reason is shown above). Click &quot;Close&quot; again to discard them.</translation>
    </message>
    <message>
        <source>修改未保存。</source>
        <translation>Changes not saved.</translation>
    </message>
    <message>
        <source>未保存：显示的是他人修改后的被检查单位。</source>
        <translation>Not saved: the departments shown are as someone else changed them.</translation>
    </message>
</context>
<context>
    <name>PlanForm</name>
    <message>
        <source>计划信息</source>
        <translation>Plan details</translation>
    </message>
    <message>
        <source>例如：2026年度全市政务数据安全监督检查</source>
        <translation>e.g. 2026 city-wide government data security inspection</translation>
    </message>
    <message>
        <source>新建检查组…</source>
        <translation>New inspection team…</translation>
    </message>
    <message>
        <source>例如：日志审计、加密存储与备份、商用密码应用</source>
        <translation>e.g. log auditing, encrypted storage and backups, use of commercial cryptography</translation>
    </message>
    <message>
        <source>状态：</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>计划名称：</source>
        <translation>Plan name:</translation>
    </message>
    <message>
        <source>年度：</source>
        <translation>Year:</translation>
    </message>
    <message>
        <source>检查时间：</source>
        <translation>Period:</translation>
    </message>
    <message>
        <source>检查表：</source>
        <translation>Checklist:</translation>
    </message>
    <message>
        <source>检查组：</source>
        <translation>Inspection team:</translation>
    </message>
    <message>
        <source>检查重点：</source>
        <translation>Focus:</translation>
    </message>
    <message>
        <source>说明：</source>
        <translation>Description:</translation>
    </message>
    <message>
        <source>未定</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>{name}（{code} 第{version}版）</source>
        <translation>{name} ({code}, version {version})</translation>
    </message>
    <message>
        <source>（暂不指定）</source>
        <translation>(none for now)</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>组长：{lead}；组员：{members}</source>
        <translation>Team lead: {lead}; members: {members}</translation>
    </message>
</context>
<context>
    <name>PlanStatus</name>
    <message>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>进行中</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>已结束</source>
        <translation>Finished</translation>
    </message>
</context>
<context>
    <name>PlansModel</name>
    <message>
        <source>检查计划</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>已检查单位</source>
        <translation>Inspected</translation>
    </message>
    <message>
        <source>{start} 至 {end}</source>
        <translation>{start} to {end}</translation>
    </message>
    <message>
        <source>共 {total} 个单位：已检查 {done} 个，正在检查 {going} 个</source>
        <translation>{total} departments: {done} inspected, {going} in progress</translation>
    </message>
</context>
<context>
    <name>PlansPage</name>
    <message>
        <source>检查计划</source>
        <translation>Inspection plans</translation>
    </message>
    <message>
        <source>第一步“安排部署”：确定检查对象、检查重点、检查表、时间安排和检查组。</source>
        <translation>Step one, planning: set the departments to inspect, the focus, the checklist, the schedule and the inspection team.</translation>
    </message>
    <message>
        <source>新建计划…</source>
        <translation>New plan…</translation>
    </message>
    <message>
        <source>编辑…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>删除…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>检查分析…</source>
        <translation>Inspection analysis…</translation>
    </message>
    <message>
        <source>进度看板…</source>
        <translation>Campaign board…</translation>
    </message>
    <message>
        <source>所选计划每个被检查单位在各环节的进度，可导出 xlsx</source>
        <translation>Where each department of the selected plan stands, stage by stage; exportable to xlsx</translation>
    </message>
    <message>
        <source>检查表版本…</source>
        <translation>Checklist versions…</translation>
    </message>
    <message>
        <source>共 {n} 个计划</source>
        <translation>Plans: {n}</translation>
    </message>
    <message>
        <source>删除误建的草稿计划（需填写原因）</source>
        <translation>Delete a draft plan made in error (a reason is needed)</translation>
    </message>
    <message>
        <source>只能删除草稿状态的计划</source>
        <translation>Only a draft plan can be deleted</translation>
    </message>
    <message>
        <source>删除计划</source>
        <translation>Delete plan</translation>
    </message>
    <message>
        <source>删除草稿计划“{title}”？
其被检查单位安排一并删除，不能撤销；删除及原因记入审计记录，并随交换文件同步到其他设备。</source>
        <translation>Delete the draft plan “{title}”?
Its departments go with it; this cannot be undone. The deletion and its reason go into the audit trail and travel with bundles to the other devices.</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
</context>
<context>
    <name>PlansTableModel</name>
    <message>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>计划名称</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>开始</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>结束</source>
        <translation>End</translation>
    </message>
    <message>
        <source>被检查单位</source>
        <translation>Departments</translation>
    </message>
    <message>
        <source>未定</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>检查重点：{focus}</source>
        <translation>Focus: {focus}</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>导入交换文件 — 预览</source>
        <translation>Import a bundle — preview</translation>
    </message>
    <message>
        <source>请核对以下内容。到目前为止，本机没有作任何更改。</source>
        <translation>Please check the following. Nothing has been changed here so far.</translation>
    </message>
    <message>
        <source>✓ 签名有效，发送方在本机的信任列表中</source>
        <translation>✓ Valid signature; the sender is in this vault&apos;s trust store</translation>
    </message>
    <message>
        <source>✗ 发送方不在本机的信任列表中</source>
        <translation>✗ The sender is not in this vault&apos;s trust store</translation>
    </message>
    <message>
        <source>{time}（{zone}）</source>
        <translation>{time} ({zone})</translation>
    </message>
    <message>
        <source>{scope}，仅上次发送后的更改</source>
        <translation>{scope}, only the changes since the last bundle</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>{n} 个（{size}）</source>
        <translation>{n} ({size})</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>发送方：</source>
        <translation>Sender:</translation>
    </message>
    <message>
        <source>签名：</source>
        <translation>Signature:</translation>
    </message>
    <message>
        <source>证书指纹：</source>
        <translation>Fingerprint:</translation>
    </message>
    <message>
        <source>生成时间：</source>
        <translation>Made:</translation>
    </message>
    <message>
        <source>范围：</source>
        <translation>Scope:</translation>
    </message>
    <message>
        <source>接收方：</source>
        <translation>Recipients:</translation>
    </message>
    <message>
        <source>证据文件：</source>
        <translation>Evidence files:</translation>
    </message>
    <message>
        <source>文件：</source>
        <translation>File:</translation>
    </message>
    <message>
        <source>注意：{text}</source>
        <translation>Note: {text}</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>ProblemListDialog</name>
    <message>
        <source>表单未导入</source>
        <translation>Form not imported</translation>
    </message>
    <message>
        <source>“{file}”有 {n} 处问题，未导入任何内容。</source>
        <translation>&quot;{file}&quot; has {n} problem(s); nothing was imported.</translation>
    </message>
    <message>
        <source>请把这些问题告诉单位，修改后重新报送；也可以复制问题清单发给单位。灰色区域被改动的，请单位使用原表重新填写。</source>
        <translation>Tell the department about these problems and ask it to send the form again once corrected; you can copy the list and send it. If grey cells were changed, the department must fill in the original form again.</translation>
    </message>
    <message>
        <source>复制问题清单</source>
        <translation>Copy the list</translation>
    </message>
    <message>
        <source>把全部问题（每行一个，注明工作表、行和列）复制到剪贴板</source>
        <translation>Copy every problem (one per line, with its sheet, row and column) to the clipboard</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>已复制 {n} 条。</source>
        <translation>{n} copied.</translation>
    </message>
</context>
<context>
    <name>ProblemsTableModel</name>
    <message>
        <source>工作表</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <source>行</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>（整个文件）</source>
        <translation>(whole file)</translation>
    </message>
</context>
<context>
    <name>RectificationPage</name>
    <message>
        <source>起草整改通知书…</source>
        <translation>Draft notice…</translation>
    </message>
    <message>
        <source>签发</source>
        <translation>Issue</translation>
    </message>
    <message>
        <source>签发选中的草稿：按年度连续编号，所列问题变为“已通知”</source>
        <translation>Issue the selected draft: it gets the next number of the year and its findings become notified</translation>
    </message>
    <message>
        <source>删除草稿</source>
        <translation>Delete draft</translation>
    </message>
    <message>
        <source>抄送与附注…</source>
        <translation>Copies and contact…</translation>
    </message>
    <message>
        <source>删除草稿…</source>
        <translation>Delete draft…</translation>
    </message>
    <message>
        <source>删除误起草的通知书草稿（需填写原因）；所列问题仍为草稿，可重新起草</source>
        <translation>Delete a notice drafted in error (a reason is needed); its findings stay drafts and can be drafted again</translation>
    </message>
    <message>
        <source>本草稿的抄送机关、印发机关、联系人和电话（签发后随通知书固定）</source>
        <translation>This draft&apos;s copy recipients, printing office, contact and telephone (fixed with the notice when it is issued)</translation>
    </message>
    <message>
        <source>起草更正通知…</source>
        <translation>Draft correction…</translation>
    </message>
    <message>
        <source>通知书 PDF…</source>
        <translation>Notice PDF…</translation>
    </message>
    <message>
        <source>预览选中的整改通知书，导出并数字签名</source>
        <translation>Preview the selected notice, export it and sign it digitally</translation>
    </message>
    <message>
        <source>生成整改报告表…</source>
        <translation>Report form…</translation>
    </message>
    <message>
        <source>导入整改报告…</source>
        <translation>Import report…</translation>
    </message>
    <message>
        <source>整改通知书</source>
        <translation>Rectification notices</translation>
    </message>
    <message>
        <source>整改报告</source>
        <translation>Rectification reports</translation>
    </message>
    <message>
        <source>整改</source>
        <translation>Rectification</translation>
    </message>
    <message>
        <source>整改报告（{n}）</source>
        <translation>Rectification reports ({n})</translation>
    </message>
    <message>
        <source>草稿 {d} 份 · 整改中 {o} 份 · 已办结 {c} 份</source>
        <translation>{d} draft · {o} open · {c} closed</translation>
    </message>
    <message>
        <source>选择单位及其草稿问题，起草整改通知书</source>
        <translation>Choose a department and its draft findings to draft a rectification notice</translation>
    </message>
    <message>
        <source>没有待通知的草稿问题</source>
        <translation>No draft findings waiting for a notice</translation>
    </message>
    <message>
        <source>选择一份已签发的整改通知书，才能起草更正通知</source>
        <translation>Select an issued notice to draft a correction of it</translation>
    </message>
    <message>
        <source>这是一份更正通知；如需再次更正，请对原通知书{original}起草更正通知</source>
        <translation>This is a correction notice; to correct again, draft a correction of the original notice {original}</translation>
    </message>
    <message>
        <source>更正{number}所列问题的整改要求或整改期限：起草更正通知，签发后生效</source>
        <translation>Correct the requirement or deadline of findings of {number}: draft a correction notice, in force once issued</translation>
    </message>
    <message>
        <source>请先在列表中选择一份已签发的整改通知书。</source>
        <translation>Select an issued rectification notice in the list first.</translation>
    </message>
    <message>
        <source>更正通知没有单独的整改报告：请选中原通知书{original}办理。</source>
        <translation>A correction notice has no report form of its own: select the original notice {original}.</translation>
    </message>
    <message>
        <source>草稿尚未签发：签发后才能生成整改情况报告表。</source>
        <translation>A draft is not issued yet: a report form is available once it is issued.</translation>
    </message>
    <message>
        <source>草稿尚未签发：签发后才能导入整改情况报告。</source>
        <translation>A draft is not issued yet: a report can be imported once it is issued.</translation>
    </message>
    <message>
        <source>生成 {number} 的整改情况报告表（xlsx），发给“{department}”填写</source>
        <translation>Write the rectification report form of {number} (xlsx) for {department} to fill in</translation>
    </message>
    <message>
        <source>导入“{department}”填好交回的整改情况报告表：报送整改的问题变为“已报整改”，等待核验</source>
        <translation>Import the report form {department} returned: the findings it reports become &quot;Reported&quot;, awaiting verification</translation>
    </message>
    <message>
        <source>已生成整改情况报告表：
{path}

{number}，共 {rows} 个问题。请将此文件发送给“{department}”，由单位填写已采取的整改措施和完成日期；交回后点击“导入整改报告…”导入。</source>
        <translation>Rectification report form written:
{path}

{number}, {rows} finding(s). Send this file to {department} to fill in the measures taken and the completion dates; when it comes back, click &quot;Import report…&quot;.</translation>
    </message>
    <message>
        <source>生成整改情况报告表</source>
        <translation>Rectification report form</translation>
    </message>
    <message>
        <source>正在生成整改情况报告表…</source>
        <translation>Writing the rectification report form…</translation>
    </message>
    <message>
        <source>导入整改情况报告</source>
        <translation>Import a rectification report</translation>
    </message>
    <message>
        <source>正在导入整改情况报告…</source>
        <translation>Importing the rectification report…</translation>
    </message>
    <message>
        <source>已导入“{department}”的整改情况报告（{file}）。</source>
        <translation>Rectification report of {department} imported ({file}).</translation>
    </message>
    <message>
        <source>报送整改 {answered} / {rows} 个问题：{moved} 个转为“已报整改”，等待核验；{already} 个此前已报整改；{pending} 个尚未报送。</source>
        <translation>{answered} of {rows} finding(s) reported: {moved} now &quot;Reported&quot;, awaiting verification; {already} reported before; {pending} not reported yet.</translation>
    </message>
    <message>
        <source>这份报告取代此前导入的一份（历史保留）。</source>
        <translation>This report replaces one imported before (the history is kept).</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>签发更正通知</source>
        <translation>Issue correction notice</translation>
    </message>
    <message>
        <source>签发更正{original}的更正通知（{n} 个问题）？
签发后按年度连续编号，不可撤回；所列问题的内容即按更正通知修改，原通知书标记为已更正。</source>
        <translation>Issue the correction of {original} ({n} findings)?
It is numbered in the year&apos;s series and cannot be withdrawn; its findings are corrected at once and the original notice is marked as corrected.</translation>
    </message>
    <message>
        <source>签发整改通知书</source>
        <translation>Issue rectification notice</translation>
    </message>
    <message>
        <source>签发致 {department} 的整改通知书（{n} 个问题）？
签发后按年度连续编号，不可撤回；所列问题将变为“已通知”。</source>
        <translation>Issue the rectification notice to {department} ({n} findings)?
It gets the next number of the year and cannot be withdrawn; its findings become notified.</translation>
    </message>
    <message>
        <source>删除致 {department} 的整改通知书草稿？所列问题仍为草稿，可重新起草。
删除及原因记入审计记录，并随交换文件同步到其他设备。</source>
        <translation>Delete the draft notice to {department}? Its findings stay drafts and can be drafted again.
The deletion and its reason go into the audit trail and travel with bundles to the other devices.</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
</context>
<context>
    <name>RegulationEditor</name>
    <message>
        <source>此版本已发布或已废止，不能修改；如需修改请起草新版本。</source>
        <translation>This version is published or retired and cannot change; draft a new version to change it.</translation>
    </message>
    <message>
        <source>留空表示长期有效</source>
        <translation>Empty: no end date</translation>
    </message>
    <message>
        <source>保存法规信息</source>
        <translation>Save regulation details</translation>
    </message>
    <message>
        <source>标题：</source>
        <translation>Title:</translation>
    </message>
    <message>
        <source>英文标题：</source>
        <translation>English title:</translation>
    </message>
    <message>
        <source>版本标签：</source>
        <translation>Version label:</translation>
    </message>
    <message>
        <source>文号：</source>
        <translation>Document number:</translation>
    </message>
    <message>
        <source>英文：</source>
        <translation>English:</translation>
    </message>
    <message>
        <source>发布机关：</source>
        <translation>Issued by:</translation>
    </message>
    <message>
        <source>施行日期：</source>
        <translation>Effective from:</translation>
    </message>
    <message>
        <source>发布日期：</source>
        <translation>Issued on:</translation>
    </message>
    <message>
        <source>有效期至：</source>
        <translation>Valid until:</translation>
    </message>
    <message>
        <source>日期：</source>
        <translation>Dates:</translation>
    </message>
    <message>
        <source>条文</source>
        <translation>Article text</translation>
    </message>
    <message>
        <source>英文条文</source>
        <translation>English article text</translation>
    </message>
    <message>
        <source>保存条款</source>
        <translation>Save article</translation>
    </message>
    <message>
        <source>删除条款</source>
        <translation>Remove article</translation>
    </message>
    <message>
        <source>条号：</source>
        <translation>Article:</translation>
    </message>
    <message>
        <source>章：</source>
        <translation>Chapter:</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>法规版本：{title}（{code} v{version}）</source>
        <translation>Regulation version: {title} ({code} v{version})</translation>
    </message>
</context>
<context>
    <name>ReinspectDialog</name>
    <message>
        <source>复查</source>
        <translation>Re-inspection</translation>
    </message>
    <message>
        <source>对“{department}”就整改通知书{number}组织现场复查。复查在“现场检查”中进行；完成复查时，复查结论为“符合”的问题予以核验，仍不符合的问题重新打开并设定新的整改期限。</source>
        <translation>Re-inspect {department} on site for rectification notice {number}. The re-inspection runs under Inspections; when it is completed, findings whose item is found compliant are verified, and those still failing are reopened with a new deadline.</translation>
    </message>
    <message>
        <source>暂不能安排复查：{why}</source>
        <translation>No re-inspection can be scheduled yet: {why}</translation>
    </message>
    <message>
        <source>仅复查整改通知书所列问题对应的检查项（{n} 个问题）</source>
        <translation>Only the checklist items of the notice&apos;s findings ({n} findings)</translation>
    </message>
    <message>
        <source>复查全部检查项</source>
        <translation>All checklist items</translation>
    </message>
    <message>
        <source>复查地点（可选）</source>
        <translation>Where (optional)</translation>
    </message>
    <message>
        <source>复查范围：</source>
        <translation>Scope:</translation>
    </message>
    <message>
        <source>复查日期：</source>
        <translation>Date:</translation>
    </message>
    <message>
        <source>复查地点：</source>
        <translation>Place:</translation>
    </message>
    <message>
        <source>安排复查</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <source>打开复查</source>
        <translation>Open the re-inspection</translation>
    </message>
    <message>
        <source>取消复查</source>
        <translation>Cancel the re-inspection</translation>
    </message>
    <message>
        <source>只能取消尚未开始的复查</source>
        <translation>Only a re-inspection nobody has started can be cancelled</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>尚未安排复查。</source>
        <translation>No re-inspection scheduled yet.</translation>
    </message>
    <message>
        <source>仅复查不合格项</source>
        <translation>failed items only</translation>
    </message>
    <message>
        <source>已完成复查 {day}（{scope}）</source>
        <translation>Re-inspected {day} ({scope})</translation>
    </message>
    <message>
        <source>复查进行中（{scope}）</source>
        <translation>Re-inspection in progress ({scope})</translation>
    </message>
    <message>
        <source>已安排复查 {day}（{scope}）</source>
        <translation>Re-inspection scheduled {day} ({scope})</translation>
    </message>
    <message>
        <source>未定日期</source>
        <translation>no date yet</translation>
    </message>
</context>
<context>
    <name>ReopenDialog</name>
    <message>
        <source>重新打开检查（更正）</source>
        <translation>Reopen the inspection (correction)</translation>
    </message>
    <message>
        <source>重新打开对“{department}”的已完成检查，以更正检查记录。原因记入审计日志；此后导出的检查记录注明“更正版（第 {n} 次更正）”，此前导出的记录在登记簿中标为已被取代。修改后需重新完成检查（单位代表重新签字或记录未签字原因）。</source>
        <translation>Reopen the completed inspection of {department} to correct its record. The reason goes into the audit log; records exported from now on say &quot;corrected version (correction {n})&quot;, and those exported before are marked superseded in the register. After the changes, complete the inspection again (a new signature, or the reason there is none).</translation>
    </message>
    <message>
        <source>更正原因（必填），例如：第 3-05 项结论录入有误</source>
        <translation>Reason (required), e.g. the verdict on 3-05 was entered wrongly</translation>
    </message>
    <message>
        <source>重新打开</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>原因：</source>
        <translation>Reason:</translation>
    </message>
</context>
<context>
    <name>RepeatsModel</name>
    <message>
        <source>被检查单位</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>检查项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>此前不符合的计划</source>
        <translation>Earlier plans found non-compliant</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>整改情况报告</source>
        <translation>Rectification report</translation>
    </message>
    <message>
        <source>{department} · {notice}</source>
        <translation>{department} · {notice}</translation>
    </message>
    <message>
        <source>文件：</source>
        <translation>File:</translation>
    </message>
    <message>
        <source>导入时间：</source>
        <translation>Imported:</translation>
    </message>
    <message>
        <source>报送问题：</source>
        <translation>Findings reported:</translation>
    </message>
    <message>
        <source>{n} 个</source>
        <translation>{n}</translation>
    </message>
    <message>
        <source>此报告已被更新导入的报告（{file}）取代，以新报告为准。</source>
        <translation>This report was replaced by a newer one ({file}); the newer report applies.</translation>
    </message>
    <message>
        <source>{n}. {title}</source>
        <translation>{n}. {title}</translation>
    </message>
    <message>
        <source>当前状态：{status}</source>
        <translation>Current status: {status}</translation>
    </message>
    <message>
        <source>打开问题</source>
        <translation>Open finding</translation>
    </message>
    <message>
        <source>此报告没有报送任何问题的整改情况。</source>
        <translation>This report covers no finding.</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>ReportedView</name>
    <message>
        <source>整改措施：</source>
        <translation>Measures taken:</translation>
    </message>
    <message>
        <source>完成日期：</source>
        <translation>Completed on:</translation>
    </message>
    <message>
        <source>证明材料：</source>
        <translation>Supporting material:</translation>
    </message>
    <message>
        <source>报送来源：</source>
        <translation>Reported in:</translation>
    </message>
    <message>
        <source>尚未导入单位的整改情况报告（如单位以纸质材料报送，请对照纸质材料核验）。</source>
        <translation>No rectification report from the department has been imported (if it reported on paper, verify against the paper documents).</translation>
    </message>
    <message>
        <source>（未填写）</source>
        <translation>(not filled in)</translation>
    </message>
    <message>
        <source>（未列出）</source>
        <translation>(none listed)</translation>
    </message>
    <message>
        <source>{file}，{received} 导入</source>
        <translation>{file}, imported {received}</translation>
    </message>
    <message>
        <source>整改情况报告</source>
        <translation>Rectification report</translation>
    </message>
</context>
<context>
    <name>ReportsTab</name>
    <message>
        <source>各单位报送的整改情况报告。在“整改通知书”中选中已签发的通知书，点击“生成整改报告表…”发给单位填写，单位交回后点击“导入整改报告…”导入。双击一份报告，查看单位报送的整改措施。</source>
        <translation>Rectification reports received from the departments. Select an issued notice under &quot;Rectification notices&quot;, click &quot;Report form…&quot; and send the form to the department; when it comes back, click &quot;Import report…&quot;. Double-click a report to see the measures the department reported.</translation>
    </message>
    <message>
        <source>查看报告…</source>
        <translation>View report…</translation>
    </message>
    <message>
        <source>查看选中报告中单位报送的整改措施、完成日期和证明材料</source>
        <translation>See the measures, completion dates and supporting material the department reported in the selected report</translation>
    </message>
</context>
<context>
    <name>ReportsTableModel</name>
    <message>
        <source>收到时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>被检查单位</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>整改通知书</source>
        <translation>Rectification notices</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>涉及问题</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>已被更新的报告取代</source>
        <translation>Superseded by a newer report</translation>
    </message>
</context>
<context>
    <name>RequestDialog</name>
    <message>
        <source>申请销毁证据</source>
        <translation>Request destruction of evidence</translation>
    </message>
    <message>
        <source>申请销毁“{name}”。提交后须由另一人（使用其本人的签名身份）审批；批准后文件及其密钥即被销毁，无法恢复，销毁记录留存并随交换文件报送办公室。</source>
        <translation>Request the destruction of “{name}”. Someone else approves it with their own signing identity; on approval the file and its key are destroyed and cannot be recovered, and the destruction record stays and goes to the office with the bundles.</translation>
    </message>
    <message>
        <source>例如：含个人身份证号码，超出检查需要</source>
        <translation>e.g. holds ID card numbers, beyond what the inspection needs</translation>
    </message>
    <message>
        <source>例如：《个人信息保护法》第四十七条</source>
        <translation>e.g. Personal Information Protection Law, art. 47</translation>
    </message>
    <message>
        <source>销毁原因：</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>法律依据：</source>
        <translation>Legal basis:</translation>
    </message>
    <message>
        <source>提交申请</source>
        <translation>Submit request</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>RunnerHeader</name>
    <message>
        <source>← 返回列表</source>
        <translation>← Back to list</translation>
    </message>
    <message>
        <source>返回现场检查列表（已输入的内容均已自动保存）</source>
        <translation>Back to the list of on-site inspections (everything you entered is already saved)</translation>
    </message>
    <message>
        <source>正在加载…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>已检查 %v/%m</source>
        <translation>Checked %v/%m</translation>
    </message>
    <message>
        <source>现场签字</source>
        <translation>On-site signature</translation>
    </message>
    <message>
        <source>请被检查单位代表在屏幕上签字确认检查记录</source>
        <translation>Ask the department&apos;s representative to sign on screen to confirm the inspection record</translation>
    </message>
    <message>
        <source>检查记录 PDF…</source>
        <translation>Record PDF…</translation>
    </message>
    <message>
        <source>预览现场检查记录，导出并数字签名</source>
        <translation>Preview the on-site record, export it and sign it digitally</translation>
    </message>
    <message>
        <source>完成检查</source>
        <translation>Complete inspection</translation>
    </message>
    <message>
        <source>开始于 {time}</source>
        <translation>Started {time}</translation>
    </message>
    <message>
        <source>结束于 {time}</source>
        <translation>Ended {time}</translation>
    </message>
    <message>
        <source>复查 · 整改通知书 {number}</source>
        <translation>Re-inspection · rectification notice {number}</translation>
    </message>
    <message>
        <source>复查全部检查项</source>
        <translation>All checklist items</translation>
    </message>
    <message>
        <source>仅复查不合格项</source>
        <translation>Failed items only</translation>
    </message>
    <message>
        <source>整改期限 {day}</source>
        <translation>Deadline {day}</translation>
    </message>
    <message>
        <source>本次为整改通知书的现场复查；完成复查时，按各检查项的结论核验或重新打开通知书所列问题</source>
        <translation>An on-site re-inspection for a rectification notice; when it is completed, the notice&apos;s findings are verified or reopened by the items&apos; verdicts</translation>
    </message>
    <message>
        <source>{name}已签字</source>
        <translation>Signed by {name}</translation>
    </message>
    <message>
        <source>地点：{location}</source>
        <translation>Location: {location}</translation>
    </message>
    <message>
        <source>填写检查小结、确认签字和未检查项，结束本次现场检查；完成后检查记录不能再修改</source>
        <translation>Write the summary, confirm the signature and the items not checked, and end the visit; the record cannot change afterwards</translation>
    </message>
    <message>
        <source>重新打开（更正）…</source>
        <translation>Reopen (correction)…</translation>
    </message>
    <message>
        <source>检查记录有误需要更正时，说明原因后重新打开；此后导出的检查记录注明“更正版”</source>
        <translation>If the record must be corrected, reopen it with a reason; records exported afterwards say &quot;corrected version&quot;</translation>
    </message>
    <message>
        <source>更正版 第 {n} 次 · {reason}</source>
        <translation>Corrected version, correction {n} · {reason}</translation>
    </message>
    <message>
        <source>重新签字</source>
        <translation>Sign again</translation>
    </message>
    <message>
        <source>{name}的签字已失效（签字后内容有变化）</source>
        <translation>{name}&apos;s signature is void (changed after signing)</translation>
    </message>
    <message>
        <source>单位代表拒绝签字</source>
        <translation>Representative refused to sign</translation>
    </message>
    <message>
        <source>单位代表不在场，未签字</source>
        <translation>Representative not present, not signed</translation>
    </message>
    <message>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>已自动保存 {time}</source>
        <translation>Saved automatically at {time}</translation>
    </message>
</context>
<context>
    <name>RunningModel</name>
    <message>
        <source>被检查单位</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>开始时间</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>已检查项</source>
        <translation>Items answered</translation>
    </message>
    <message>
        <source>单击继续此现场检查</source>
        <translation>Click to continue this inspection</translation>
    </message>
</context>
<context>
    <name>SectionsModel</name>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>章节标题</source>
        <translation>Section title</translation>
    </message>
</context>
<context>
    <name>SelfReportPanel</name>
    <message>
        <source>第二步“自查评估”</source>
        <translation>Step 2: self-assessment</translation>
    </message>
    <message>
        <source>检查通知…</source>
        <translation>Inspection notice…</translation>
    </message>
    <message>
        <source>起草、签发和导出发给该单位的检查通知（自查表随通知发出）</source>
        <translation>Draft, issue and export the inspection notice to this department (the self-assessment form goes with it)</translation>
    </message>
    <message>
        <source>生成自查表…</source>
        <translation>Self-report form…</translation>
    </message>
    <message>
        <source>导入自查表…</source>
        <translation>Import self-report…</translation>
    </message>
    <message>
        <source>自查差异…</source>
        <translation>Discrepancies…</translation>
    </message>
    <message>
        <source>被检查单位：</source>
        <translation>Department:</translation>
    </message>
    <message>
        <source>请先在上方列表中选择一个检查计划。</source>
        <translation>Select a plan in the list above first.</translation>
    </message>
    <message>
        <source>本计划各单位自查为“符合”、检查却发现“不符合”或“部分符合”的项，以及自查未回答的项</source>
        <translation>Items of this plan a department declared compliant that the inspection found non-compliant or partly compliant, and items left unanswered</translation>
    </message>
    <message>
        <source>本计划还没有被检查单位：请先编辑计划，添加被检查单位。</source>
        <translation>This plan has no departments yet: edit the plan and add them first.</translation>
    </message>
    <message>
        <source>生成“{department}”的自查表（xlsx），发给单位填写</source>
        <translation>Write the self-report form of {department} (xlsx) for the department to fill in</translation>
    </message>
    <message>
        <source>导入“{department}”填好交回的自查表</source>
        <translation>Import the self-report form {department} returned</translation>
    </message>
    <message>
        <source>尚未导入“{department}”的自查表。生成自查表发给单位，收回后点击“导入自查表…”。</source>
        <translation>No self-report of {department} imported yet. Write the form, send it to the department and, when it comes back, click &quot;Import self-report…&quot;.</translation>
    </message>
    <message>
        <source>已导入自查表：{when} 收到（{file}），填报人 {who}；已回答 {answered} / {items} 项。</source>
        <translation>Self-report imported: received {when} ({file}), filled in by {who}; {answered} of {items} items answered.</translation>
    </message>
    <message>
        <source>已生成自查表：
{path}

共 {rows} 个检查项。请将此文件发送给“{department}”填写；单位填好交回后，点击“导入自查表…”导入。</source>
        <translation>Self-report form written:
{path}

{rows} items. Send this file to {department} to fill in; when it comes back, click &quot;Import self-report…&quot;.</translation>
    </message>
    <message>
        <source>生成自查表</source>
        <translation>Self-report form</translation>
    </message>
    <message>
        <source>正在生成自查表…</source>
        <translation>Writing the self-report form…</translation>
    </message>
    <message>
        <source>导入自查表</source>
        <translation>Import a self-report</translation>
    </message>
    <message>
        <source>正在导入自查表…</source>
        <translation>Importing the self-report…</translation>
    </message>
    <message>
        <source>已导入“{department}”的自查表（{file}）。</source>
        <translation>Self-report of {department} imported ({file}).</translation>
    </message>
    <message>
        <source>共 {rows} 项：已回答 {answered} 项，未回答 {unanswered} 项。</source>
        <translation>{rows} items: {answered} answered, {unanswered} unanswered.</translation>
    </message>
    <message>
        <source>这份自查表取代此前导入的一份（历史保留）。</source>
        <translation>This self-report replaces one imported before (the history is kept).</translation>
    </message>
    <message>
        <source>现场检查时，检查表各项旁会显示单位的自查结论。</source>
        <translation>During the inspection, the checklist shows the department&apos;s conclusion beside each item.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>备份到</source>
        <translation>Back Up To</translation>
    </message>
    <message>
        <source>Inspector 备份 (*.inspector-backup);;所有文件 (*)</source>
        <translation>Inspector backups (*.inspector-backup);;All files (*)</translation>
    </message>
    <message>
        <source>选择备份文件</source>
        <translation>Choose Backup File</translation>
    </message>
    <message>
        <source>恢复为新的保险库</source>
        <translation>Restore as New Vault</translation>
    </message>
    <message>
        <source>保险库 (*.vault)</source>
        <translation>Vaults (*.vault)</translation>
    </message>
    <message>
        <source>恢复口令</source>
        <translation>Recovery Passphrase</translation>
    </message>
    <message>
        <source>请输入制作该备份时有效的恢复口令：</source>
        <translation>Enter the recovery passphrase that was valid when this backup was made:</translation>
    </message>
    <message>
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <source>本机偏好</source>
        <translation>This computer</translation>
    </message>
    <message>
        <source>无操作自动锁定：</source>
        <translation>Auto-lock after inactivity:</translation>
    </message>
    <message>
        <source>界面语言：</source>
        <translation>Language:</translation>
    </message>
    <message>
        <source>单位设置（随保险库保存）</source>
        <translation>Organisation (kept in the vault)</translation>
    </message>
    <message>
        <source>单位名称：</source>
        <translation>Organisation name:</translation>
    </message>
    <message>
        <source>文号格式：</source>
        <translation>Document number format:</translation>
    </message>
    <message>
        <source>示例：</source>
        <translation>Example:</translation>
    </message>
    <message>
        <source>检查人员身份</source>
        <translation>Your identity</translation>
    </message>
    <message>
        <source>姓名：</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>执法证号：</source>
        <translation>Badge number:</translation>
    </message>
    <message>
        <source>所在单位：</source>
        <translation>Organisation:</translation>
    </message>
    <message>
        <source>联系电话：</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <source>更改恢复口令…</source>
        <translation>Change recovery passphrase…</translation>
    </message>
    <message>
        <source>立即备份…</source>
        <translation>Back up now…</translation>
    </message>
    <message>
        <source>从备份恢复…</source>
        <translation>Restore from backup…</translation>
    </message>
    <message>
        <source>恢复口令与备份</source>
        <translation>Recovery passphrase and backups</translation>
    </message>
    <message>
        <source>备份文件是加密的，恢复时需要制作备份时的恢复口令。恢复总是生成一个新的保险库文件，不会覆盖任何文件。</source>
        <translation>Backups are encrypted: restoring one needs the recovery passphrase that was valid when it was made. A restore always creates a new vault file and never overwrites any file.</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>修改会自动保存。</source>
        <translation>Changes are saved automatically.</translation>
    </message>
    <message>
        <source>办公室集中库</source>
        <translation>Office hub</translation>
    </message>
    <message>
        <source>集中库：{name}</source>
        <translation>Hub: {name}</translation>
    </message>
    <message>
        <source>集中库是办公室的 PostgreSQL 数据库，由信息化部门按 docs/hub.md 备份（pg_dump、时间点恢复、热备）。证据文件在库中加密保存，其密钥由集中库证据口令保护。</source>
        <translation>The hub is the office&apos;s PostgreSQL database, backed up by the IT department as docs/hub.md describes (pg_dump, point-in-time recovery, a standby). Evidence files are kept encrypted in it; their key is protected by the hub&apos;s evidence passphrase.</translation>
    </message>
    <message>
        <source>保险库：{path}</source>
        <translation>Vault: {path}</translation>
    </message>
    <message>
        <source>请填写单位名称。</source>
        <translation>Enter the organisation name.</translation>
    </message>
    <message>
        <source>已保存。</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>恢复口令已更改。旧的备份仍需用旧口令恢复。</source>
        <translation>Recovery passphrase changed. Older backups still need the old passphrase to be restored.</translation>
    </message>
    <message>
        <source>正在备份…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <source>正在备份保险库…</source>
        <translation>Backing up the vault…</translation>
    </message>
    <message>
        <source>备份已完成：{path}</source>
        <translation>Backup complete: {path}</translation>
    </message>
    <message>
        <source>正在检查并恢复…</source>
        <translation>Checking and restoring…</translation>
    </message>
    <message>
        <source>正在检查并恢复备份…</source>
        <translation>Checking and restoring the backup…</translation>
    </message>
    <message>
        <source>备份已检查并恢复为新的保险库：{path}
当前保险库未作任何更改；要使用恢复的保险库，请用它启动 Inspector。</source>
        <translation>The backup was checked and restored as a new vault: {path}
The current vault is unchanged; to use the restored vault, start Inspector with it.</translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <source>保险库已打开</source>
        <translation>Vault already open</translation>
    </message>
    <message>
        <source>知道了</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>正在生成演示保险库…</source>
        <translation>Building the demo vault…</translation>
    </message>
    <message>
        <source>Inspector 已锁定</source>
        <translation>Inspector Is Locked</translation>
    </message>
</context>
<context>
    <name>SignatureDialog</name>
    <message>
        <source>现场签字</source>
        <translation>On-Site Signature</translation>
    </message>
    <message>
        <source>单位代表姓名</source>
        <translation>Name of the department&apos;s representative</translation>
    </message>
    <message>
        <source>职务，如：信息科科长</source>
        <translation>Position, e.g. head of the IT section</translation>
    </message>
    <message>
        <source>姓名：</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>职务：</source>
        <translation>Position:</translation>
    </message>
    <message>
        <source>确认签字</source>
        <translation>Confirm signature</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>用鼠标、手写笔或手指在此签名</source>
        <translation>Sign here with the mouse, a pen or a finger</translation>
    </message>
    <message>
        <source>请在此处签名</source>
        <translation>Please sign here</translation>
    </message>
</context>
<context>
    <name>SignedRecord</name>
    <message>
        <source>签字将失效</source>
        <translation>The signature will be void</translation>
    </message>
    <message>
        <source>确定：保存修改，原签字作废（记入审计日志），请单位代表重新签字。
取消：不作修改，保留原签字。</source>
        <translation>OK: save the change; the signature becomes void (recorded in the audit log) and the representative signs again.
Cancel: change nothing, keep the signature.</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SigningSettings</name>
    <message>
        <source>导入签名证书</source>
        <translation>Import signing certificate</translation>
    </message>
    <message>
        <source>PKCS#12 证书 (*.p12 *.pfx);;所有文件 (*)</source>
        <translation>PKCS#12 certificates (*.p12 *.pfx);;All files (*)</translation>
    </message>
    <message>
        <source>证书密码</source>
        <translation>Certificate password</translation>
    </message>
    <message>
        <source>请输入该 PKCS#12 文件的密码（没有密码则留空）：</source>
        <translation>Password of this PKCS#12 file (leave empty if it has none):</translation>
    </message>
    <message>
        <source>导出证书</source>
        <translation>Export certificate</translation>
    </message>
    <message>
        <source>PEM 证书 (*.pem *.crt)</source>
        <translation>PEM certificates (*.pem *.crt)</translation>
    </message>
    <message>
        <source>添加信任证书</source>
        <translation>Trust a certificate</translation>
    </message>
    <message>
        <source>证书 (*.pem *.crt *.cer *.der);;所有文件 (*)</source>
        <translation>Certificates (*.pem *.crt *.cer *.der);;All files (*)</translation>
    </message>
    <message>
        <source>请确认</source>
        <translation>Please confirm</translation>
    </message>
    <message>
        <source>证书指纹（SHA-256）：
{fingerprint}</source>
        <translation>Certificate fingerprint (SHA-256):
{fingerprint}</translation>
    </message>
    <message>
        <source>签名身份与信任证书</source>
        <translation>Signing identities and trusted certificates</translation>
    </message>
    <message>
        <source>创建签名身份</source>
        <translation>Create signing identity</translation>
    </message>
    <message>
        <source>为本机的检查人员生成密钥和证书，密钥只保存在加密保险库中</source>
        <translation>Make a key and certificate for this vault&apos;s inspector; the key stays inside the encrypted vault</translation>
    </message>
    <message>
        <source>导入证书（PKCS#12）…</source>
        <translation>Import certificate (PKCS#12)…</translation>
    </message>
    <message>
        <source>导出证书…</source>
        <translation>Export certificate…</translation>
    </message>
    <message>
        <source>导出证书（不含密钥），交给同事或办公室加入信任列表</source>
        <translation>Export the certificate (never the key) for colleagues or the office to trust</translation>
    </message>
    <message>
        <source>添加信任证书…</source>
        <translation>Trust a certificate…</translation>
    </message>
    <message>
        <source>移除信任</source>
        <translation>Remove trust</translation>
    </message>
    <message>
        <source>签名身份用于对现场检查记录和整改通知书进行数字签名。信任列表中的证书签名的文书，核验时视为可信。</source>
        <translation>A signing identity signs on-site records and rectification notices. Documents signed by a certificate in the trusted list verify as trusted.</translation>
    </message>
    <message>
        <source>本保险库的签名身份：</source>
        <translation>This vault&apos;s signing identities:</translation>
    </message>
    <message>
        <source>信任的证书：</source>
        <translation>Trusted certificates:</translation>
    </message>
    <message>
        <source>已创建签名身份：%1（证书指纹 %2）</source>
        <translation>Signing identity created: %1 (certificate fingerprint %2)</translation>
    </message>
    <message>
        <source>无法读取文件：%1</source>
        <translation>Cannot read the file: %1</translation>
    </message>
    <message>
        <source>已导入签名身份：%1</source>
        <translation>Signing identity imported: %1</translation>
    </message>
    <message>
        <source>证书已导出：%1</source>
        <translation>Certificate exported: %1</translation>
    </message>
    <message>
        <source>已加入信任列表：%1</source>
        <translation>Now trusted: %1</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>不再信任“%1”签名的文书？</source>
        <translation>Stop trusting documents signed by &quot;%1&quot;?</translation>
    </message>
    <message>
        <source>已移除：%1</source>
        <translation>Removed: %1</translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <source>已超过整改期限</source>
        <translation>Past the rectification deadline</translation>
    </message>
    <message>
        <source>签发列有此问题的整改通知书后，状态自动变为“已通知”。</source>
        <translation>The status becomes &quot;notified&quot; when a rectification notice listing this finding is issued.</translation>
    </message>
    <message>
        <source>该状态下没有可进行的操作。</source>
        <translation>No action is possible in this status.</translation>
    </message>
    <message>
        <source>整改通知书：</source>
        <translation>Rectification notice:</translation>
    </message>
    <message>
        <source>核验意见：</source>
        <translation>Verification note:</translation>
    </message>
    <message>
        <source>单位报送的整改情况：</source>
        <translation>Rectification reported by the department:</translation>
    </message>
    <message>
        <source>开始整改</source>
        <translation>Start rectifying</translation>
    </message>
    <message>
        <source>已报整改</source>
        <translation>Record as reported</translation>
    </message>
    <message>
        <source>核验通过…</source>
        <translation>Verify…</translation>
    </message>
    <message>
        <source>关闭问题</source>
        <translation>Close finding</translation>
    </message>
    <message>
        <source>重新打开…</source>
        <translation>Reopen…</translation>
    </message>
    <message>
        <source>当前状态：{status}</source>
        <translation>Current status: {status}</translation>
    </message>
    <message>
        <source>尚未列入已签发的整改通知书</source>
        <translation>Not yet in an issued rectification notice</translation>
    </message>
    <message>
        <source>将状态改为“{status}”</source>
        <translation>Change the status to &quot;{status}&quot;</translation>
    </message>
</context>
<context>
    <name>SyncExport</name>
    <message>
        <source>保存交换文件</source>
        <translation>Save the bundle</translation>
    </message>
    <message>
        <source>交换文件 (*{suffix})</source>
        <translation>Bundles (*{suffix})</translation>
    </message>
    <message>
        <source>选择接收方的证书</source>
        <translation>Choose the recipient&apos;s certificate</translation>
    </message>
    <message>
        <source>证书 (*.pem *.crt *.cer *.der);;所有文件 (*)</source>
        <translation>Certificates (*.pem *.crt *.cer *.der);;All files (*)</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>，仅上次发送后的更改</source>
        <translation>, only the changes since the last bundle</translation>
    </message>
    <message>
        <source>已生成交换文件：{path}</source>
        <translation>Bundle written: {path}</translation>
    </message>
    <message>
        <source>接收方：{names}（并为本机加密）· 范围：{scope}{since}</source>
        <translation>Recipients: {names} (and this vault) · Scope: {scope}{since}</translation>
    </message>
    <message>
        <source>记录 {n} 条（{detail}）；证据文件 {blobs} 个（{size}）</source>
        <translation>Records: {n} ({detail}); evidence files: {blobs} ({size})</translation>
    </message>
    <message>
        <source>上次发送后没有更改：交换文件中没有记录。</source>
        <translation>Nothing changed since the last bundle: the bundle holds no records.</translation>
    </message>
</context>
<context>
    <name>SyncImport</name>
    <message>
        <source>选择交换文件</source>
        <translation>Choose a bundle</translation>
    </message>
    <message>
        <source>交换文件 (*{suffix});;所有文件 (*)</source>
        <translation>Bundles (*{suffix});;All files (*)</translation>
    </message>
    <message>
        <source>该交换文件已导入过，再次导入不会作任何更改。</source>
        <translation>This bundle was imported before; importing it again changes nothing.</translation>
    </message>
    <message>
        <source>导入后将新增 {new} 条、更新 {updated} 条记录，{unchanged} 条无变化。</source>
        <translation>On import: {new} new, {updated} updated, {unchanged} unchanged.</translation>
    </message>
    <message>
        <source>另有 {n} 条记录在两边都被修改过：本机版本保持不变，两个版本会并排列出，由您决定。</source>
        <translation> Changed on both sides: {n}. The version here stays as it is; both versions are listed side by side for you to decide.</translation>
    </message>
    <message>
        <source>该交换文件已导入过，未作任何更改。</source>
        <translation>This bundle was imported before; nothing was changed.</translation>
    </message>
    <message>
        <source>已导入 {sender} 的收讫回执：办公室集中库确认已收到本机 {n} 份交换文件（此前未确认）。</source>
        <translation>Imported the acknowledgement from {sender}: the office hub confirms it holds {n} more bundle(s) from this vault.</translation>
    </message>
    <message>
        <source>已导入 {sender} 的收讫回执：没有新确认收到的交换文件。</source>
        <translation>Imported the acknowledgement from {sender}: it confirms no further bundles.</translation>
    </message>
    <message>
        <source>已导入 {sender} 的交换文件：新增 {new} 条、更新 {updated} 条记录，{unchanged} 条无变化。</source>
        <translation>Imported the bundle from {sender}: {new} new, {updated} updated, {unchanged} unchanged.</translation>
    </message>
    <message>
        <source>有 {n} 项冲突待您处理。</source>
        <translation> Conflicts waiting for your decision: {n}.</translation>
    </message>
    <message>
        <source>给该笔记本的收讫回执已写在同一文件夹：{name}</source>
        <translation> The acknowledgement for that laptop is written in the same folder: {name}</translation>
    </message>
</context>
<context>
    <name>SyncLabels</name>
    <message>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <source>更新</source>
        <translation>Updated</translation>
    </message>
    <message>
        <source>冲突</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>无变化</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Contact phone</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>执法证号</source>
        <translation>Badge number</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>检查重点</source>
        <translation>Focus</translation>
    </message>
    <message>
        <source>描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>开始日期</source>
        <translation>Start date</translation>
    </message>
    <message>
        <source>结束日期</source>
        <translation>End date</translation>
    </message>
    <message>
        <source>安排日期</source>
        <translation>Scheduled on</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>地点</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>小结</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>开始时间</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>结束时间</source>
        <translation>Ended</translation>
    </message>
    <message>
        <source>单位代表</source>
        <translation>Department representative</translation>
    </message>
    <message>
        <source>单位代表职务</source>
        <translation>Representative&apos;s title</translation>
    </message>
    <message>
        <source>检查结论</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>答复</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <source>依据条款</source>
        <translation>Articles</translation>
    </message>
    <message>
        <source>严重程度</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>涉失泄密隐患</source>
        <translation>Risk of leaking secrets</translation>
    </message>
    <message>
        <source>涉嫌违法行为</source>
        <translation>Suspected offence</translation>
    </message>
    <message>
        <source>处理意见</source>
        <translation>Handling opinion</translation>
    </message>
    <message>
        <source>整改要求</source>
        <translation>Rectification requirement</translation>
    </message>
    <message>
        <source>整改期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>状态变更时间</source>
        <translation>Status changed</translation>
    </message>
    <message>
        <source>核验意见</source>
        <translation>Verification note</translation>
    </message>
    <message>
        <source>文号</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>签发日期</source>
        <translation>Issued on</translation>
    </message>
    <message>
        <source>文件名</source>
        <translation>File name</translation>
    </message>
    <message>
        <source>说明文字</source>
        <translation>Caption</translation>
    </message>
    <message>
        <source>整改措施</source>
        <translation>Measures</translation>
    </message>
    <message>
        <source>完成日期</source>
        <translation>Completed on</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>填报人</source>
        <translation>Respondent</translation>
    </message>
    <message>
        <source>收到时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>{n} 字节</source>
        <translation>{n} bytes</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>导出交换文件…</source>
        <translation>Export a bundle…</translation>
    </message>
    <message>
        <source>为选定的接收方生成签名并加密的交换文件</source>
        <translation>Write a signed bundle, encrypted for the recipients you choose</translation>
    </message>
    <message>
        <source>导入交换文件…</source>
        <translation>Import a bundle…</translation>
    </message>
    <message>
        <source>先预览交换文件的内容，确认后再导入</source>
        <translation>See what a bundle holds first, then import it</translation>
    </message>
    <message>
        <source>交换文件由您的签名身份签名，只有所选接收方能够解密。导入前先显示预览；导入要么全部成功，要么不作任何更改。两边都修改过的记录不会被悄悄覆盖，而是列在下方由您决定。</source>
        <translation>Bundles are signed with your signing identity and only the chosen recipients can decrypt them. An import shows a preview first and then applies all of the bundle or nothing. Records changed on both sides are never silently overwritten: they are listed below for you to decide.</translation>
    </message>
    <message>
        <source>还没有交换过数据。导出的和导入的交换文件会列在这里。</source>
        <translation>Nothing exchanged yet. Bundles exported and imported are listed here.</translation>
    </message>
    <message>
        <source>交换记录</source>
        <translation>Exchanges</translation>
    </message>
    <message>
        <source>复制技术标识</source>
        <translation>Copy technical identifiers</translation>
    </message>
    <message>
        <source>复制本机设备标识和保险库标识（技术支持可能需要）</source>
        <translation>Copy this device&apos;s and this vault&apos;s identifiers (support may ask for them)</translation>
    </message>
    <message>
        <source>{name}（{organisation}）</source>
        <translation>{name} ({organisation})</translation>
    </message>
    <message>
        <source>本集中库：{who}</source>
        <translation>This hub: {who}</translation>
    </message>
    <message>
        <source>本集中库</source>
        <translation>This hub</translation>
    </message>
    <message>
        <source>本保险库：{who}</source>
        <translation>This vault: {who}</translation>
    </message>
    <message>
        <source>本保险库</source>
        <translation>This vault</translation>
    </message>
    <message>
        <source>，创建于 {date}</source>
        <translation>, created {date}</translation>
    </message>
    <message>
        <source>待处理冲突（{n}）</source>
        <translation>Conflicts to resolve ({n})</translation>
    </message>
    <message>
        <source>交换记录（{n}）</source>
        <translation>Exchanges ({n})</translation>
    </message>
    <message>
        <source>已导出 {sent} 次 · 已导入 {received} 次</source>
        <translation>exported: {sent} · imported: {received}</translation>
    </message>
    <message>
        <source>待处理冲突 {n} 项 · </source>
        <translation>conflicts to resolve: {n} · </translation>
    </message>
    <message>
        <source> · 办公室已确认接收 {acknowledged}/{sent} 份</source>
        <translation> · office confirmed {acknowledged}/{sent}</translation>
    </message>
    <message>
        <source>（{n} 份未确认）</source>
        <translation> ({n} unconfirmed)</translation>
    </message>
    <message>
        <source>最近一次确认：{time}</source>
        <translation>Last confirmed: {time}</translation>
    </message>
    <message>
        <source>已将“{name}”加入信任列表。</source>
        <translation>&quot;{name}&quot; is now in the trust store.</translation>
    </message>
    <message>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>设备标识：{device}
保险库标识：{vault}</source>
        <translation>Device id: {device}
Vault id: {vault}</translation>
    </message>
</context>
<context>
    <name>TargetDialog</name>
    <message>
        <source>编辑被检查单位</source>
        <translation>Edit Department</translation>
    </message>
    <message>
        <source>添加被检查单位</source>
        <translation>Add Department</translation>
    </message>
    <message>
        <source>已定日期</source>
        <translation>Date fixed</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>添加单位…</source>
        <translation>Add department…</translation>
    </message>
    <message>
        <source>被检查单位不在列表中：在此添加（也可在“被检查单位”页面中导入名单）</source>
        <translation>The department is not in the list: add it here (or import a list on the Departments page)</translation>
    </message>
    <message>
        <source>被检查单位：</source>
        <translation>Department:</translation>
    </message>
    <message>
        <source>计划检查日期：</source>
        <translation>Planned date:</translation>
    </message>
    <message>
        <source>备注：</source>
        <translation>Notes:</translation>
    </message>
    <message>
        <source>还没有可选的单位：点击“添加单位…”添加，或在“被检查单位”页面中从 xlsx/csv 名单导入。</source>
        <translation>No department to choose yet: click &quot;Add department…&quot;, or import an xlsx/csv list on the Departments page.</translation>
    </message>
    <message>
        <source>没有可添加的单位：请先在“被检查单位”页面中添加。</source>
        <translation>There is no department to add: first add departments on the &quot;Departments&quot; page.</translation>
    </message>
    <message>
        <source>已添加单位“{name}”。</source>
        <translation>Department &quot;{name}&quot; added.</translation>
    </message>
</context>
<context>
    <name>TargetsTableModel</name>
    <message>
        <source>被检查单位</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>计划检查日期</source>
        <translation>Planned date</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>未定</source>
        <translation>Not set</translation>
    </message>
</context>
<context>
    <name>TeamDialog</name>
    <message>
        <source>新建检查组</source>
        <translation>New Inspection Team</translation>
    </message>
    <message>
        <source>例如：第一检查组</source>
        <translation>e.g. Team 1</translation>
    </message>
    <message>
        <source>设为组长</source>
        <translation>Make team lead</translation>
    </message>
    <message>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>执法证号</source>
        <translation>Badge number</translation>
    </message>
    <message>
        <source>添加新人员</source>
        <translation>Add new inspector</translation>
    </message>
    <message>
        <source>创建检查组</source>
        <translation>Create team</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>添加成员</source>
        <translation>Add members</translation>
    </message>
    <message>
        <source>已有人员：</source>
        <translation>Existing inspector:</translation>
    </message>
    <message>
        <source>新人员：</source>
        <translation>New inspector:</translation>
    </message>
    <message>
        <source>检查组名称：</source>
        <translation>Team name:</translation>
    </message>
    <message>
        <source>{name}（{badge}）</source>
        <translation>{name} ({badge})</translation>
    </message>
    <message>
        <source>请填写检查人员姓名。</source>
        <translation>Enter the inspector&apos;s name.</translation>
    </message>
    <message>
        <source>“新人员”中填写的“{typed}”尚未添加：请点击“添加新人员”（或按回车）添加，或清空该栏后再创建。</source>
        <translation>&quot;{typed}&quot; under &quot;New person&quot; has not been added yet: click &quot;Add new person&quot; (or press Enter) to add it, or clear the field, then create the team.</translation>
    </message>
</context>
<context>
    <name>TeamMembersModel</name>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>执法证号</source>
        <translation>Badge number</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>{name}（新）</source>
        <translation>{name} (new)</translation>
    </message>
</context>
<context>
    <name>TeamRole</name>
    <message>
        <source>组长</source>
        <translation>Team lead</translation>
    </message>
    <message>
        <source>组员</source>
        <translation>Member</translation>
    </message>
</context>
<context>
    <name>TeamSigningDialog</name>
    <message>
        <source>检查组签名</source>
        <translation>Team signatures</translation>
    </message>
    <message>
        <source>检查记录已导出：{path}
在场的每位检查人员用自己的签名身份签名；签名依次加到同一文件中，之前的签名保持有效。</source>
        <translation>The record was exported: {path}
Each inspector present signs with their own signing identity; the signatures are added to the same file one after another, and earlier ones stay valid.</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>组长</source>
        <translation>Team lead</translation>
    </message>
    <message>
        <source>组员</source>
        <translation>Member</translation>
    </message>
    <message>
        <source>{name}（{role}）</source>
        <translation>{name} ({role})</translation>
    </message>
    <message>
        <source>已签名</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>未签名（证书 {fpr}）</source>
        <translation>Not signed (certificate {fpr})</translation>
    </message>
    <message>
        <source>由{name}签名…</source>
        <translation>Sign as {name}…</translation>
    </message>
    <message>
        <source>本机没有{name}的签名身份</source>
        <translation>No signing identity of {name} on this computer</translation>
    </message>
    <message>
        <source>创建签名身份…</source>
        <translation>Create signing identity…</translation>
    </message>
    <message>
        <source>在本保险库中为{name}创建签名身份（密钥与自签名证书）；如其有单位 CA 签发的证书，可用命令行 inspector identity import --inspector 导入</source>
        <translation>Create a signing identity (a key and a self-signed certificate) for {name} in this vault; a certificate issued by the bureau&apos;s CA can be imported on the command line with inspector identity import --inspector</translation>
    </message>
    <message>
        <source>检查组成员均已签名。</source>
        <translation>Every team member has signed.</translation>
    </message>
    <message>
        <source>还有 {n} 人未签名。</source>
        <translation>{n} still to sign.</translation>
    </message>
    <message>
        <source>请{name}本人确认：以其签名身份（证书 {fpr}）对现场检查记录进行数字签名。签名后该文件即带有{name}的数字签名。</source>
        <translation>{name}, please confirm in person: sign the on-site record digitally with your signing identity (certificate {fpr}). The file then carries {name}&apos;s digital signature.</translation>
    </message>
    <message>
        <source>检查人员签名</source>
        <translation>Inspector&apos;s signature</translation>
    </message>
    <message>
        <source>由{name}签名</source>
        <translation>Sign as {name}</translation>
    </message>
    <message>
        <source>正在签名…</source>
        <translation>Signing…</translation>
    </message>
    <message>
        <source>在本保险库中为{name}创建签名身份（ECDSA 密钥和自签名证书，保存在加密的保险库中），此后{name}即可在本机签名。请仅在{name}本人同意时创建。</source>
        <translation>Create a signing identity for {name} in this vault (an ECDSA key and a self-signed certificate, kept in the encrypted vault); {name} can then sign on this computer. Create it only with {name}&apos;s consent.</translation>
    </message>
    <message>
        <source>创建签名身份</source>
        <translation>Create signing identity</translation>
    </message>
    <message>
        <source>正在创建签名身份…</source>
        <translation>Creating the signing identity…</translation>
    </message>
</context>
<context>
    <name>TransitionDialog</name>
    <message>
        <source>重新打开问题</source>
        <translation>Reopen finding</translation>
    </message>
    <message>
        <source>核验通过</source>
        <translation>Verify</translation>
    </message>
    <message>
        <source>重新打开的原因（必填），例如：复查发现仍未整改到位</source>
        <translation>Reason for reopening (required), e.g. the re-inspection found it still not rectified</translation>
    </message>
    <message>
        <source>核验意见（必填），例如：现场复核，已整改到位</source>
        <translation>Verification note (required), e.g. checked on site, fully rectified</translation>
    </message>
    <message>
        <source>重新打开</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>单位报送的整改情况</source>
        <translation>Rectification reported by the department</translation>
    </message>
    <message>
        <source>原因：</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>核验意见：</source>
        <translation>Verification note:</translation>
    </message>
    <message>
        <source>新的整改期限：</source>
        <translation>New deadline:</translation>
    </message>
</context>
<context>
    <name>TrustSenderDialog</name>
    <message>
        <source>发送方尚未受信任</source>
        <translation>The sender is not trusted yet</translation>
    </message>
    <message>
        <source>交换文件由“{name}”签名，但其证书不在本机的信任列表中，所以尚未读取其内容。
请通过电话或当面请发送方读出其证书指纹，与下面核对：</source>
        <translation>The bundle is signed by &quot;{name}&quot;, whose certificate is not in this vault&apos;s trust store, so its content has not been read.
Ask the sender, by phone or in person, to read out their certificate fingerprint, and compare it with this one:</translation>
    </message>
    <message>
        <source>核对无误后，请输入发送方读出的指纹前 16 位（可含空格或冒号，不区分大小写）：</source>
        <translation>If it matches, type the first 16 characters the sender read out (spaces or colons allowed, any case):</translation>
    </message>
    <message>
        <source>发送方读出的指纹前 16 位</source>
        <translation>First 16 characters, as read out by the sender</translation>
    </message>
    <message>
        <source>加入信任列表后，本机也将信任该证书签名的文书。如指纹不符，请不要导入该文件。</source>
        <translation>Once trusted, documents signed with this certificate are trusted here too. If the fingerprint does not match, do not import the file.</translation>
    </message>
    <message>
        <source>信任并继续</source>
        <translation>Trust and continue</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>指纹只含数字 0–9 和字母 A–F。</source>
        <translation>A fingerprint holds only the digits 0–9 and the letters A–F.</translation>
    </message>
    <message>
        <source>与本文件签名者的证书指纹不符。请再次与发送方核对；如确实不符，请不要导入。</source>
        <translation>This does not match the fingerprint of the file&apos;s signer. Check again with the sender; if it really does not match, do not import.</translation>
    </message>
</context>
<context>
    <name>TrustedModel</name>
    <message>
        <source>证书</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>证书指纹</source>
        <translation>Certificate fingerprint</translation>
    </message>
    <message>
        <source>签发机构（CA）</source>
        <translation>Issuing authority (CA)</translation>
    </message>
    <message>
        <source>个人</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>本机签名身份</source>
        <translation>This vault&apos;s signing identity</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>解锁保险库</source>
        <translation>Unlock Vault</translation>
    </message>
    <message>
        <source>系统密钥环中没有此保险库的密钥。请输入恢复口令：
{path}</source>
        <translation>The system keyring holds no key for this vault. Enter the recovery passphrase:
{path}</translation>
    </message>
    <message>
        <source>保险库已锁定。请输入恢复口令解锁：
{path}</source>
        <translation>The vault is locked. Enter the recovery passphrase to unlock it:
{path}</translation>
    </message>
    <message>
        <source>恢复口令</source>
        <translation>Recovery passphrase</translation>
    </message>
    <message>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>Verdict</name>
    <message>
        <source>符合</source>
        <translation>Compliant</translation>
    </message>
    <message>
        <source>部分符合</source>
        <translation>Partly compliant</translation>
    </message>
    <message>
        <source>不符合</source>
        <translation>Non-compliant</translation>
    </message>
    <message>
        <source>不适用</source>
        <translation>Not applicable</translation>
    </message>
</context>
<context>
    <name>VersionDiff</name>
    <message>
        <source>新增</source>
        <translation>Added</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Removed</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>Changed</translation>
    </message>
    <message>
        <source>移动</source>
        <translation>Moved</translation>
    </message>
    <message>
        <source>章节</source>
        <translation>Section</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>英文标题</source>
        <translation>English title</translation>
    </message>
    <message>
        <source>文号</source>
        <translation>Document number</translation>
    </message>
    <message>
        <source>发布机关</source>
        <translation>Issuing body</translation>
    </message>
    <message>
        <source>英文发布机关</source>
        <translation>Issuing body (English)</translation>
    </message>
    <message>
        <source>发布日期</source>
        <translation>Issued on</translation>
    </message>
    <message>
        <source>施行日期</source>
        <translation>Effective from</translation>
    </message>
    <message>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>章</source>
        <translation>Chapter</translation>
    </message>
    <message>
        <source>条文</source>
        <translation>Article text</translation>
    </message>
    <message>
        <source>英文条文</source>
        <translation>English article text</translation>
    </message>
    <message>
        <source>检查内容</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>英文检查内容</source>
        <translation>English check</translation>
    </message>
    <message>
        <source>检查方法</source>
        <translation>How to check</translation>
    </message>
    <message>
        <source>英文检查方法</source>
        <translation>English how to check</translation>
    </message>
    <message>
        <source>引用条款</source>
        <translation>Articles cited</translation>
    </message>
    <message>
        <source>默认严重程度</source>
        <translation>Default severity</translation>
    </message>
    <message>
        <source>整改要求</source>
        <translation>Rectification requirement</translation>
    </message>
    <message>
        <source>英文整改要求</source>
        <translation>English rectification requirement</translation>
    </message>
    <message>
        <source>条款</source>
        <translation>Clause</translation>
    </message>
    <message>
        <source>条款：新增 {added}，删除 {removed}，修改 {changed}</source>
        <translation>Articles: {added} added, {removed} removed, {changed} changed</translation>
    </message>
    <message>
        <source>法规条款</source>
        <translation>Articles</translation>
    </message>
    <message>
        <source>检查项：新增 {added}，删除 {removed}，修改 {changed}，移动 {moved}</source>
        <translation>Items: {added} added, {removed} removed, {changed} changed, {moved} moved</translation>
    </message>
    <message>
        <source>两个版本没有差别。</source>
        <translation>The two versions do not differ.</translation>
    </message>
    <message>
        <source>法规信息</source>
        <translation>Particulars</translation>
    </message>
    <message>
        <source>第{n}条</source>
        <translation>Article {n}</translation>
    </message>
    <message>
        <source>检查项</source>
        <translation>Items</translation>
    </message>
</context>
<context>
    <name>VersionsDialog</name>
    <message>
        <source>检查表版本</source>
        <translation>Checklist versions</translation>
    </message>
    <message>
        <source>法规版本</source>
        <translation>Regulation versions</translation>
    </message>
    <message>
        <source>已发布的版本不再改动；修改请从它起草新版本，发布后用于新的检查计划。</source>
        <translation>A published version never changes; to change it, draft a new version from it and publish that for new plans.</translation>
    </message>
    <message>
        <source>起草新版本…</source>
        <translation>Draft new version…</translation>
    </message>
    <message>
        <source>编辑…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>与来源版本比较</source>
        <translation>Compare with source version</translation>
    </message>
    <message>
        <source>发布…</source>
        <translation>Publish…</translation>
    </message>
    <message>
        <source>废止</source>
        <translation>Retire</translation>
    </message>
    <message>
        <source>删除草稿</source>
        <translation>Delete draft</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>查看…</source>
        <translation>View…</translation>
    </message>
    <message>
        <source>不能发布，请先解决以下问题：</source>
        <translation>Cannot publish; first solve the following:</translation>
    </message>
    <message>
        <source>发布“{name}”{label}（{code} v{version}）？

已发布的版本永远不再改动；以后的修改须起草新版本。</source>
        <translation>Publish &quot;{name}&quot; {label} ({code} v{version})?

A published version never changes again; later changes need a new draft.</translation>
    </message>
    <message>
        <source>发布版本</source>
        <translation>Publish version</translation>
    </message>
    <message>
        <source>废止“{name}”{label}？新的检查计划将不能再选用它；已使用它的计划和检查不受影响。</source>
        <translation>Retire &quot;{name}&quot; {label}? New plans can no longer choose it; plans and inspections that use it keep it.</translation>
    </message>
    <message>
        <source>废止版本</source>
        <translation>Retire version</translation>
    </message>
    <message>
        <source>删除草稿“{name}”{label}？此操作不能撤销。</source>
        <translation>Delete the draft &quot;{name}&quot; {label}? This cannot be undone.</translation>
    </message>
</context>
<context>
    <name>VersionsModel</name>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>编号与版次</source>
        <translation>Code and version</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Derived from</translation>
    </message>
    <message>
        <source>使用中</source>
        <translation>In use</translation>
    </message>
    <message>
        <source>条目</source>
        <translation>Entries</translation>
    </message>
    <message>
        <source>施行日期</source>
        <translation>Effective from</translation>
    </message>
    <message>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>欢迎使用 Inspector</source>
        <translation>Welcome to Inspector</translation>
    </message>
    <message>
        <source>政务数据安全监督检查</source>
        <translation>Government data security inspection</translation>
    </message>
    <message>
        <source>Inspector 陪伴检查人员完成监督检查的全过程：安排部署、自查评估、实地检查、整改提高。</source>
        <translation>Inspector supports inspectors through every step of a supervision inspection: planning, self-inspection, on-site inspection and rectification.</translation>
    </message>
    <message>
        <source>它完全离线工作，不会连接任何网络。所有数据——包括草稿和证据——都保存在本机一个加密的保险库中。</source>
        <translation>It works entirely offline and never connects to any network. All data, drafts and evidence included, is kept in one encrypted vault on this computer.</translation>
    </message>
    <message>
        <source>接下来只需几步：设置恢复口令，填写您的身份和单位信息。</source>
        <translation>Just a few steps to go: set a recovery passphrase, then enter your identity and your organisation.</translation>
    </message>
    <message>
        <source>保险库位置：{path}</source>
        <translation>Vault location: {path}</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Inspector — 出错</source>
        <translation>Inspector — Error</translation>
    </message>
    <message>
        <source>Inspector — 内部错误</source>
        <translation>Inspector — Internal Error</translation>
    </message>
    <message>
        <source>发生了意外的内部错误，详细信息已写入日志。
An unexpected internal error occurred; details were logged.</source>
        <translation>An unexpected internal error occurred; the details were written to the log.</translation>
    </message>
</context>
<context>
    <name>tasks</name>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>versions</name>
    <message>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>已发布</source>
        <translation>Published</translation>
    </message>
    <message>
        <source>已废止</source>
        <translation>Retired</translation>
    </message>
</context>
</TS>
