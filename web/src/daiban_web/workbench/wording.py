"""How the workbench names the platform's states in Chinese."""

from __future__ import annotations

FLOW_STATES = {
    "submitted": "待受理", "at_village": "在村（社区）", "to_town": "交乡镇途中",
    "at_town": "在乡镇", "to_county": "交区县途中", "at_county": "在区县",
    "to_department": "交部门途中", "at_department": "在部门", "returned": "退回补正",
    "decided": "已办结待送回", "result_sent": "结果送回途中", "result_at_village": "结果已到村",
    "delivered": "已送达", "closed": "已关闭",
}
CASE_STATUSES = {
    "submitted": "待预审", "incomplete": "待补正（已一次性告知）", "supplemented": "已补正",
    "accepted": "已受理", "returned": "退回补正", "decided": "已决定", "delivered": "已送达",
    "rated": "已评价", "withdrawn": "已撤回",
}
MATERIAL_STATES = {"missing": "未收", "provided": "已收（复印件/扫描件）",
                   "original_seen": "已验原件"}
LIGHTS = {"green": "正常", "yellow": "黄灯", "red": "红灯"}
TIERS = {"village": "村（社区）", "town": "乡镇（街道）", "county": "区县", "department": "部门"}
CHANNELS = {"station": "代办站窗口", "phone": "电话", "home_visit": "上门",
            "grid_report": "网格上报", "online": "网上"}
SPECIAL_GROUPS = {"elderly": "老年人", "disabled": "残疾人", "sick": "重病患者"}
OUTCOMES = {"approved": "批准", "rejected": "不予批准"}
DELIVERIES = {"collected": "本人领取", "mailed": "邮寄", "bank": "银行发放"}
EVENTS = {
    "case.submitted": "登记", "case.taken_over": "首问负责人变更", "case.incomplete": "一次性告知",
    "case.supplemented": "补正", "case.accepted": "受理", "case.routed": "确定路线",
    "case.assigned": "分派", "case.handed_over": "交接",
    "case.handover_reminded": "交接提醒", "case.received": "接收", "case.returned": "退回补正",
    "case.resumed": "补正后继续",
    "case.decided": "作出决定", "case.result_delivered": "送达",
    "case.receipt_signed": "签收", "case.rated": "评价", "case.withdrawn": "撤回",
    "case.closed": "关闭", "sla.started": "开始计时", "sla.warning": "黄灯提醒",
    "sla.breached": "红灯报警", "sla.clock_stopped": "停止计时", "sla.timed_out": "超时默认",
    "sla.escalated": "升级督办", "sla.complaint_overdue": "投诉超期",
    "notification.sent": "已通知", "notification.failed": "通知未送达",
    "complaint.filed": "投诉", "complaint.answered": "投诉答复",
}
FIELD_HINTS = {
    "matter_code": "请先选择要办理的事项",
    "village_code": "村（社区）代码应为 12 位数字，且在您的服务范围内",
    "channel": "请选择受理渠道",
    "applicant.name": "请填写申请人姓名",
    "applicant.id_number": "身份证号码不正确，请核对（18 位，末位可为 X）",
    "applicant.phone": "手机号码不正确，请填写 11 位手机号",
    "applicant.special_groups": "特殊群体选择不正确",
    "applicant": "申请人信息不完整",
    "supplement_by": "补正期限应为今天以后的日期",
    "state": "请选择材料的收取情况",
    "note": "备注不超过 200 字，且不能含换行等控制字符",
    "outcome": "请选择办理结果",
    "reason": "不予批准时请写明理由（不超过 500 字）",
    "delivery": "请选择送达方式",
    "delivered_on": "送达日期不正确（不能晚于今天）",
    "tracking_number": "邮寄单号只能含字母、数字和短横线",
    "received_on": "签收日期不正确",
    "signed": "请确认群众已在回执上签字",
    "feedback": "意见不超过 500 字",
    "stars": "请选择 1 到 5 星",
    "reasons": "请逐行写明要补正的材料和原因，如“户口簿：缺户主页”",
    "scan": "请上传 10 MB 以内的 JPEG、PNG 照片或 PDF 文件",
    "authorization": "请上传授权委托书的扫描件（10 MB 以内的 JPEG、PNG 或 PDF）",
    "scan_attachment_id": "请上传授权委托书的扫描件",
    "agent_name": "请填写代办人姓名",
    "signed_on": "签署日期不正确（不能晚于今天）",
    "countersigned_by": "请填写见证人（村、居委会负责人）姓名",
    "comment": "意见不超过 500 字",
}
"""What to tell the member, in Chinese, next to a field the API refused (its own reason, in
English, is shown after it, smaller)."""
REFUSALS = {
    400: "平台无法办理这个请求。",
    403: "您没有权限查看或办理这项业务（它可能不在您的辖区或层级）。",
    404: "找不到要办理的内容，它可能已被删除或地址有误。",
    409: "办件的状态已经变化，这一步现在不能办理。请回到办件页面刷新后再看。",
    410: "要办理的内容已经失效。",
    413: "提交的内容太大。",
    422: "提交的内容不符合要求，没有办理。",
    429: "操作太频繁，请稍后再试。",
}
"""What a service's refusal (its status) means to the member, in Chinese, on the page that says
it could not be done; 400's words for any other status."""
