"""Per-kind IFLA_INFO_DATA / IFLA_INFO_SLAVE_DATA declarations.

Role: one module per link kind (or per family of kinds sharing one
attribute enum, such as the GRE or IP tunnel kinds). Modules are imported
lazily through the tables of ``ifinfmsg.linkinfo``.

Rules: declarations only; each module cites its kernel header.
"""

__all__: list = []
