"""HTTP routes: the AI APIs (``ai``) and the operational endpoints (``health``)."""
