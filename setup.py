"""Packaging detail pyproject.toml cannot say: the repository's own layouts/, schemas/ and two example
projects ship inside the package (generator/assets/), so an installed standgen needs no checkout.
Everything else is in pyproject.toml."""

from setuptools import find_packages, setup

ASSETS = {
    "generator.assets.layouts": "layouts",
    "generator.assets.schemas": "schemas",
    "generator.assets.example": "data",
}

setup(
    packages=[*find_packages(include=["generator", "generator.*"]), *ASSETS],
    package_dir=ASSETS,
    package_data={
        "generator.edit": ["templates/*.html", "static/*.js", "static/*.css"],
        "generator.assets.layouts": ["*.yaml", "*.txt"],
        "generator.assets.schemas": ["*.json"],
        # keep in step with generator.stand.EXAMPLE_PROJECTS
        "generator.assets.example": ["stand.yaml", "projects/01-jugendhilfeplanung.yaml", "projects/02-kifaz.yaml"],
    },
)
